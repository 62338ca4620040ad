import AccordCore
import Foundation
import Hummingbird

extension AdminSystemsController {
    /// `POST .../systems/{system}/rotate-secret`: a new `whsec_` secret for a webhook connector, answered once as
    /// `{"secret"}`; the old one keeps signing beside it (a second signature in `webhook-signature`) for 24 hours,
    /// exactly as a webhook endpoint's rotation (`WebhookSecretBox.rotate`). Audited as `system.rotate-secret`,
    /// never with the secret. 404 for an unknown system, 409 `system_not_webhook` for another kind of connector.
    @Sendable func rotateSecret(_ request: Request, context: AdminRequestContext) async throws -> Response {
        var system = try await system(context)
        guard var connector = system.connector, connector.kind == .webhook else {
            throw APIError(.conflict, code: "system_not_webhook", message: "the system has no webhook connector; only those have a signing secret")
        }
        guard let current = connector.secret else {
            throw APIError(
                .conflict, code: "system_not_webhook", message: "the webhook connector has no signing secret yet: PUT the system once to make one")
        }
        let at = now().truncatedToMilliseconds
        let rotation = try WebhookSecretBox(root: secrets.root).rotate(current, endpoint: Self.secretName(system), at: at)
        connector.secret = rotation.sealed
        connector.previousSecret = rotation.previous
        connector.previousSecretExpiresAt = rotation.previousExpiresAt
        system.connector = connector
        system.updatedAt = at
        _ = try await store.saveSystem(system)
        try await audit.appendAuditEntry(
            AuditEntry(
                property: system.property, actor: context.actor, action: "system.rotate-secret", target: system.key, before: nil,
                after: nil, at: at))
        return try JSONBody.response(RotatedSecret(secret: rotation.secret, previousSecretExpiresAt: rotation.previousExpiresAt.rfc3339))
    }

    /// The answer: the new secret, shown once, and until when the old one still signs.
    struct RotatedSecret: Encodable {
        let secret: String
        let previousSecretExpiresAt: String
    }
}
