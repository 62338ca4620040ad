import AccordCore
import Foundation
import Hummingbird

/// Publishing and reading policy versions, and the configuration audit trail (scope `admin`).
struct AdminPoliciesController {
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/policies", use: list)
        router.post("/v1/admin/properties/:property/policies", use: publish)
        router.get("/v1/admin/properties/:property/policies/:version", use: read)
        router.get("/v1/admin/properties/:property/audit", use: audit)
    }

    struct PolicySummary: Encodable {
        var version: Int
        var publishedAt: String
        var publishedBy: String
        var contentHash: String
        var changedPurposes: [PurposeKey]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let paging = try ListPaging(request, cursor: .sequence)
        let limit = paging.limit
        let page = try await editor.store.policyVersions(of: property.id, before: paging.sequence.map { Int($0) }, limit: limit)
        let summaries = page.map {
            PolicySummary(
                version: $0.version, publishedAt: $0.publishedAt.rfc3339, publishedBy: $0.publishedBy,
                contentHash: $0.contentHash, changedPurposes: $0.changedPurposes)
        }
        let next = page.count == limit ? page.last.map { String($0.version) } : nil
        return try JSONBody.response(CursorPage("policies", summaries, nextCursor: next))
    }

    @Sendable func publish(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let version = try await editor.publish(property.id, by: context.actor)
        return try JSONBody.response(PublishedPolicy(version: version, warnings: property.publishWarnings), status: .created)
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let raw = try context.parameters.require("version")
        guard let number = Int(raw), number > 0 else {
            throw APIError.invalid("version_invalid", "version must be a positive integer", field: "version")
        }
        guard let version = try await editor.store.policyVersion(number, of: property.id) else {
            throw ConfigurationError.policyNotFound(number)
        }
        return try JSONBody.response(version, headers: [.cacheControl: "private, max-age=86400, immutable"])
    }

    struct AuditEntryBody: Encodable {
        var id: String
        var recordedAt: String
        var actor: String
        var action: String
        var target: String?
        var before: String?
        var after: String?
        var chain: String
        var position: Int64
        var hash: String
    }

    @Sendable func audit(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let paging = try ListPaging(request, cursor: .sequence)
        let limit = paging.limit
        let page = try await editor.store.auditEntries(of: property.id, before: paging.sequence, limit: limit)
        let entries = page.map { stored in
            AuditEntryBody(
                id: stored.entry.id.rawValue, recordedAt: stored.entry.recordedAt.rfc3339, actor: stored.entry.actor,
                action: stored.entry.action, target: stored.entry.target, before: stored.entry.before,
                after: stored.entry.after, chain: stored.link.chain, position: stored.link.position, hash: stored.link.hash)
        }
        let next = page.count == limit ? page.last.map { String($0.sequence) } : nil
        return try JSONBody.response(CursorPage("entries", entries, nextCursor: next))
    }
}
