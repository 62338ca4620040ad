import AccordCore
import Foundation
import Hummingbird

/// API keys by admin API (scope `admin`): list, create (the key in the answer, once) and revoke. A revoked key is
/// refused at once on this instance (its cached look-up is dropped) and within the key cache's 5 s on others.
struct AdminKeysController {
    let keys: any KeyStore
    let cache: APIKeyCache
    let now: @Sendable () -> Date

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/keys", use: list)
        router.post("/v1/admin/keys", use: create)
        router.delete("/v1/admin/keys/:prefix", use: revoke)
    }

    struct KeyBody: Encodable {
        var prefix: String
        var name: String
        var scopes: [String]
        var createdAt: String
        var createdBy: String?
        var expiresAt: String?
        var lastUsedAt: String?

        init(_ key: APIKey) {
            prefix = key.prefix
            name = key.name
            scopes = key.scopes.sorted().map(\.rawValue)
            createdAt = key.createdAt.rfc3339
            createdBy = key.createdBy
            expiresAt = key.expiresAt?.rfc3339
            lastUsedAt = key.lastUsedAt?.rfc3339
        }

        // Explicit nulls: a key that never expires or was never used says so.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(prefix, forKey: .prefix)
            try container.encode(name, forKey: .name)
            try container.encode(scopes, forKey: .scopes)
            try container.encode(createdAt, forKey: .createdAt)
            try container.encode(createdBy, forKey: .createdBy)
            try container.encode(expiresAt, forKey: .expiresAt)
            try container.encode(lastUsedAt, forKey: .lastUsedAt)
        }

        enum CodingKeys: String, CodingKey { case prefix, name, scopes, createdAt, createdBy, expiresAt, lastUsedAt }
    }

    struct KeysBody: Encodable {
        var keys: [KeyBody]
    }

    struct CreateBody: Decodable {
        var name: String?
        var scopes: [String]
        /// RFC 3339, in the future.
        var expiresAt: String?
    }

    struct CreatedBody: Encodable {
        /// The key itself: shown in this answer only.
        var key: String
        var prefix: String
        var name: String
        var scopes: [String]
        var createdAt: String
        var expiresAt: String?
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try JSONBody.response(KeysBody(keys: try await keys.apiKeys().map(KeyBody.init)))
    }

    @Sendable func create(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(CreateBody.self, from: request, context: context)
        let name = (body.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard name.count <= 100 else {
            throw APIError.invalid("name_invalid", "name must be at most 100 characters", field: "name")
        }
        var scopes = Set<APIKey.Scope>()
        for (index, text) in body.scopes.enumerated() {
            guard let scope = APIKey.Scope(rawValue: text) else {
                let known = APIKey.Scope.allCases.map(\.rawValue).joined(separator: ", ")
                throw APIError.invalid("scope_unknown", "unknown scope '\(text)'; known scopes: \(known)", field: "scopes[\(index)]")
            }
            scopes.insert(scope)
        }
        guard !scopes.isEmpty else {
            throw APIError.invalid("scopes_missing", "give at least one scope", field: "scopes")
        }
        let time = now()
        var expiry: Date?
        if let text = body.expiresAt {
            // A past time is taken as given: the key is made, and refused from the start.
            guard let date = Date(rfc3339: text) else {
                throw APIError.invalid(
                    "expires_at_invalid", "expiresAt must be an RFC 3339 time such as 2027-01-31T00:00:00Z", field: "expiresAt")
            }
            expiry = date
        }
        let label = "\(name.isEmpty ? "unnamed" : name) (by \(context.actor))"
        let (token, key) = APIKey.generate(name: label, scopes: scopes, at: time, expiresAt: expiry, createdBy: context.actor)
        try await keys.saveAPIKey(key)
        let summary = KeyBody(key)
        return try JSONBody.response(
            CreatedBody(
                key: token, prefix: summary.prefix, name: summary.name, scopes: summary.scopes, createdAt: summary.createdAt,
                expiresAt: summary.expiresAt),
            status: .created, headers: [.cacheControl: "no-store"])
    }

    @Sendable func revoke(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let prefix = try context.parameters.require("prefix")
        // A key revoking itself would lock its holder out mid-session; another admin key (or the CLI) must do it.
        guard prefix != context.key.prefix else {
            throw APIError(.conflict, code: "key_revokes_itself", message: "a key cannot revoke itself; use another admin key", field: "prefix")
        }
        let revoked = try await keys.revokeAPIKeys(prefix: prefix)
        guard !revoked.isEmpty else {
            throw APIError(.notFound, code: "key_not_found", message: "no API key has the prefix '\(prefix)'", field: "prefix")
        }
        for key in revoked { cache.forget(hash: key.hash) }
        return Response(status: .noContent)
    }
}
