/// The demo shop at `/demo`: the SDK on a page with tags that need consent (inline and external), a blocked
/// video, a GTM-style `dataLayer` and the live consent state, so `accord serve` shows everything at once.
/// Its inline code carries the response's nonce, as a customer's page under a strict CSP would: the SDK passes
/// it on to the tags it releases.
enum DemoPage {
    static func html(region: String?, nonce: String = ContentSecurityPolicy.makeNonce()) -> HTMLPage {
        let regionAttribute = region.map { " data-region=\"\(HTML.escape($0))\"" } ?? ""
        let regionLinks = ["DE", "US-CA", "JP"].map { "<a href=\"/demo?region=\($0)\">\($0)</a>" }.joined(separator: " · ")
        let text = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Accord demo shop</title>
            <script src="/sdk/accord.js" integrity="\(SDKAsset.integrity)" crossorigin="anonymous" data-property="demo"\(regionAttribute) nonce="\(nonce)"></script>
            <script nonce="\(nonce)">
            window.dataLayer = window.dataLayer || [];
            window.dataLayer.push({ "gtm.start": Date.now(), event: "gtm.js" });
            </script>
            <style nonce="\(nonce)">
            body { font: 16px/1.5 system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
            .tags li { margin: .25rem 0; } .on { color: #166534; font-weight: 600; } .off { color: #6b7280; }
            iframe { width: 100%; height: 12rem; border: 1px solid #999; }
            pre { background: #f4f4f4; padding: 1rem; overflow: auto; }
            </style>
            </head>
            <body>
            <header><h1>Accord demo shop</h1>
            <p>Region: \(HTML.escape(region ?? "detected")) · try \(regionLinks) ·
            <a href="/p/demo/preferences">preference center</a> ·
            <button type="button" data-accord-action="manage">Privacy choices</button></p></header>
            <main>
            <h2>Tags on this page</h2>
            <ul class="tags">
            <li>Analytics (inline): <span id="analytics" class="off">blocked</span></li>
            <li>Marketing pixel (external): <span id="marketing" class="off">blocked</span></li>
            <li>Personalization (inline): <span id="personalization" class="off">blocked</span></li>
            </ul>
            <h2>Product video</h2>
            <iframe title="Product video" data-accord-purpose="marketing" data-accord-src="/demo/video"></iframe>
            <h2>Live consent state</h2>
            <pre id="state">waiting for the SDK…</pre>
            </main>
            <script type="text/plain" data-accord-purpose="analytics" nonce="\(nonce)">
            document.getElementById("analytics").textContent = "running";
            document.getElementById("analytics").className = "on";
            window.dataLayer.push({ event: "demo_analytics_loaded" });
            </script>
            <script type="text/plain" data-accord-purpose="marketing" src="/demo/marketing.js"></script>
            <script type="text/plain" data-accord-purpose="personalization" nonce="\(nonce)">
            document.getElementById("personalization").textContent = "running";
            document.getElementById("personalization").className = "on";
            </script>
            <script nonce="\(nonce)">
            function renderState() {
              var consent = window.accord && window.accord.getConsent();
              document.getElementById("state").textContent = consent ? JSON.stringify(consent, null, 2) : "waiting for the SDK…";
            }
            ["accord:consent", "accord:change", "accord:show", "accord:hide"].forEach(function (name) {
              document.addEventListener(name, renderState);
            });
            setInterval(renderState, 1000);
            </script>
            </body>
            </html>

            """
        return HTMLPage(text: text, policy: .page(nonce: nonce))
    }

    /// What the demo's blocked frame shows once marketing is allowed; framed by the demo page only.
    static let video = HTMLPage(
        text: """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Product video</title></head>
            <body><h1>▶ Product video</h1></body></html>

            """,
        policy: ContentSecurityPolicy(nonce: nil, frameAncestors: .sameOrigin))

    /// The demo's external marketing tag: it only marks itself as running.
    static let marketingTag = """
        document.getElementById("marketing").textContent = "running";
        document.getElementById("marketing").className = "on";
        window.dataLayer.push({ event: "demo_marketing_loaded" });

        """
}
