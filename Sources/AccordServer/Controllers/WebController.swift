import AccordCore
import HTTPTypes
import Hummingbird
import NIOCore

/// The browser-facing assets and pages: the SDK, the demo site and the hosted preference center.
struct WebController {
    let catalog: PropertyCatalog
    let policies: PolicyCache

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
        router.get("/demo") { request, _ in
            let region = request.uri.queryParameters["region"].map(String.init).flatMap { RequestValidation.isRegion($0) ? $0 : nil }
            return HTML.response(DemoPage.html(region: region))
        }
        router.get("/demo/marketing.js") { request, _ in
            EntityTag.response(
                request, body: ByteBuffer(string: DemoPage.marketingTag),
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"])
        }
        router.get("/p/:property/preferences", use: preferences)
    }

    @Sendable func preferences(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let locale = request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
        let policy = try await policies.current(of: property)
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: nil, locale: locale)
        return HTML.response(PreferencesPage.html(property: property, experience: experience))
    }
}
