import AccordCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser-facing assets and the demo site.
struct WebController {
    func register(on router: Router<AccordRequestContext>) {
        router.get("/sdk/accord.js") { request, _ in
            // Any site may load the SDK, with Subresource Integrity too (which needs CORS).
            EntityTag.response(
                request, body: SDKAsset.body,
                headers: [
                    .contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300",
                    .accessControlAllowOrigin: "*",
                ])
        }
        // The IAB CMP APIs, loaded by the SDK only where the TCF or GPP applies (outside its size budget).
        router.get("/sdk/accord-tcf.js") { request, _ in
            EntityTag.response(
                request, body: ByteBuffer(string: WebAssets.accordTCFJS),
                headers: [
                    .contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300",
                    .accessControlAllowOrigin: "*",
                ])
        }
        router.get("/demo") { request, _ in
            let region = request.uri.queryParameters["region"].map(String.init).flatMap { RequestValidation.isRegion($0) ? $0 : nil }
            return HTML.response(DemoPage.html(region: region))
        }
        router.get("/demo/marketing.js") { request, _ in
            EntityTag.response(
                request, body: ByteBuffer(string: DemoPage.marketingTag),
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"])
        }
    }
}
