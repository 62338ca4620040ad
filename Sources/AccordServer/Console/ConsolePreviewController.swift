import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The live preview of a property's banner: the real SDK, served under `/console/preview/{property}/`, so the
/// experience it asks for (`<that base>/v1/properties/{property}/experience`) is answered here from the unpublished
/// draft, in the locale and region chosen. What the banner would show after publishing is seen before it. Choices
/// made in the preview are not recorded (the preview answers no consent writes), and the experience is marked
/// `offline`, so the SDK neither caches it nor sends an impression beacon: a preview is nobody's impression.
struct ConsolePreviewController {
    let editor: ConfigurationEditor
    let now: @Sendable () -> Date
    var pages = PageRenderer.shared

    func register(on group: RouterGroup<ConsoleViewContext>) {
        group.get("/console/properties/:property/preview", use: page)
        group.get("/console/preview/:property/sdk/accord.js") { request, _ in
            SDKAsset.served.response(request, headers: WebController.scriptHeaders)
        }
        group.get("/console/preview/:property/v1/properties/:draft/experience", use: experience)
    }

    @Sendable func page(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let property = try await draft(context.parameters.get("property"))
        let locale = request.uri.queryParameters["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil }
        let region = request.uri.queryParameters["region"].map(String.init).flatMap { RequestValidation.isRegion($0) ? $0 : nil }
        let view = ConsolePreviewPage.View(
            model: .init(property: property.id.rawValue, name: property.name, locale: locale ?? property.defaultLocale, region: region))
        return HTML.response(pages.render(view))
    }

    @Sendable func experience(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let property = try await draft(context.parameters.get("property"))
        guard context.parameters.get("draft") == property.id.rawValue else { throw ConsoleRefusal.notFound }
        let previous =
            property.currentPolicyVersion > 0 ? try await editor.store.policyVersion(property.currentPolicyVersion, of: property.id) : nil
        let policy = PolicyVersion(
            publishing: property, version: property.currentPolicyVersion + 1, previous: previous, at: now(), by: "preview")
        let query = request.uri.queryParameters
        let experience = ExperienceResolver.resolve(
            property: property, policy: policy,
            region: query["region"].map(String.init).flatMap { RequestValidation.isRegion($0) ? $0 : nil },
            locale: query["locale"].map(String.init).flatMap { RequestValidation.isLocale($0) ? $0 : nil })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var body =
            try JSONSerialization.jsonObject(with: encoder.encode(ExperienceController.Body(experience: experience, gpc: false)))
            as? [String: Any] ?? [:]
        body["offline"] = true
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func draft(_ id: String?) async throws -> Property {
        guard let id, let property = try await editor.store.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }
}

/// The page the preview frame shows: the SDK, told to open its banner at once, over an empty page.
enum ConsolePreviewPage {
    struct Model: Sendable {
        var property: String
        var name: String
        var locale: String
        var region: String?
    }

    /// web/templates/console-preview.mustache: its one inline script under a fresh nonce; framed by the console only.
    struct View: PageView {
        static let template = PageTemplate.consolePreview
        var model: Model
        var nonce = ContentSecurityPolicy.makeNonce()
        var policy: ContentSecurityPolicy { .page(nonce: nonce, frameAncestors: .sameOrigin) }
    }
}
