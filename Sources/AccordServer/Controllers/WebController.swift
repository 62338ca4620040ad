import AccordCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser-facing assets and the demo site.
struct WebController {
    var pages = PageRenderer.shared

    /// Any site may load the scripts, with Subresource Integrity too (which needs CORS).
    static let scriptHeaders: HTTPFields = [
        .contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300", .accessControlAllowOrigin: "*",
    ]

    func register(on router: some RouterMethods<AccordRequestContext>) {
        // The TCF module is loaded by the SDK only where the TCF or GPP applies (outside its size budget).
        for (path, asset) in [
            ("/sdk/accord.js", SDKAsset.served), ("/sdk/accord-tcf.js", SDKAsset.tcfModule),
            ("/sdk/accord-form.js", SDKAsset.formModule),
        ] {
            router.get(RouterPath(path)) { request, _ in asset.response(request, headers: Self.scriptHeaders) }
        }
        router.get("/demo") { request, _ in
            let region = request.uri.queryParameters["region"].map(String.init).flatMap { RequestValidation.isRegion($0) ? $0 : nil }
            return HTML.response(pages.render(DemoPage.View(model: .make(region: region))))
        }
        router.get("/demo/video") { _, _ in HTML.response(pages.render(DemoPage.VideoView())) }
        router.get("/demo/marketing.js") { request, _ in
            EntityTag.response(
                request, body: ByteBuffer(string: DemoPage.marketingTag),
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"])
        }
    }
}
