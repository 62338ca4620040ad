import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /console/properties/{property}/versions?from=&to=`: any two policy versions of a property, or one and the
/// draft, compared side by side (every console role reads it). Without `from`/`to` it compares the version in force
/// with the one before it; a value that names no version comes back beside its field (422).
struct ConsoleVersionsController {
    let editor: ConfigurationEditor
    let forms: ConsoleForms
    var pages = PageRenderer.shared

    /// The most versions the form offers; older ones are still compared when named in the address.
    static let listed = 200

    func register(viewing: RouterGroup<ConsoleViewContext>) {
        viewing.get("/console/properties/:property/versions", use: page)
    }

    @Sendable func page(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        guard let id = context.parameters.get("property"), let property = try await editor.store.property(PropertyID(rawValue: id))
        else { throw ConsoleRefusal.notFound }
        let current = property.currentPolicyVersion
        let fromText = request.uri.queryParameters["from"].map(String.init) ?? String(max(current - 1, 1))
        let toText = request.uri.queryParameters["to"].map(String.init) ?? (current > 0 ? String(current) : "draft")
        let from = try await side(fromText, of: property)
        let to = try await side(toText, of: property)
        let versions = try await editor.store.policyVersions(of: property.id, before: nil, limit: Self.listed)
        let status: HTTPResponse.Status = from == nil || to == nil ? .unprocessableContent : .ok
        return forms.page(context, section: "/console/properties", status: status, pages: pages) { _, chrome in
            .versionsPage(property: property, versions: versions, from: from, to: to, fromText: fromText, toText: toText, chrome: chrome)
        }
    }

    /// The version the form names, or the draft as it would be published next; nil when it names neither.
    private func side(_ text: String, of property: Property) async throws -> PolicyVersion? {
        switch ConsolePage.VersionChoice(text, current: property.currentPolicyVersion) {
        case .draft:
            let published =
                property.currentPolicyVersion > 0
                ? try await editor.store.policyVersion(property.currentPolicyVersion, of: property.id) : nil
            return PolicyVersion(
                publishing: property, version: property.currentPolicyVersion + 1, previous: published,
                at: Date(timeIntervalSince1970: 0), by: "")
        case .published(let number):
            return try await editor.store.policyVersion(number, of: property.id)
        case nil:
            return nil
        }
    }
}
