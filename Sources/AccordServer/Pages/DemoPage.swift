/// The demo shop at `/demo`: the SDK on a page with tags that need consent (inline and external), a blocked
/// video, a GTM-style `dataLayer` and the live consent state, so `accord serve` shows everything at once. It
/// stands for a customer's site, so its own words are the shop's, in English, in web/templates/demo.mustache.
/// Its inline code carries the response's nonce, as a customer's page under a strict CSP would: the SDK passes
/// it on to the tags it releases.
enum DemoPage {
    /// The demo's external marketing tag: it only marks itself as running.
    static let marketingTag = """
        document.getElementById("marketing").textContent = "running";
        document.getElementById("marketing").className = "on";
        window.dataLayer.push({ event: "demo_marketing_loaded" });

        """
}
