import AccordCore
import Foundation

extension AdminSystemsController {
    /// A webhook connector's URL checked like a webhook endpoint's (https; loopback only with
    /// `webhooks.allowInsecureLoopback`; no private address unless listed), and its `whsec_` secret: kept from the
    /// stored webhook connector, else made and wrapped by the root key. Returns a new secret (shown once), or nil.
    func webhookConnector(_ system: inout DataSystem, existing: Connector?) async throws -> String? {
        guard var connector = system.connector, connector.kind == .webhook, let url = connector.url else { return nil }
        do {
            _ = try await rule.destination(url: url, resolver: hosts)
        } catch {
            throw ConfigurationError(.invalidValue, field: "connector.url", error.message)
        }
        if let existing, existing.kind == .webhook, let secret = existing.secret {
            connector.secret = secret
            connector.previousSecret = existing.previousSecret
            connector.previousSecretExpiresAt = existing.previousSecretExpiresAt
            system.connector = connector
            return nil
        }
        let secret = WebhookSignature.newSecret()
        connector.secret = try WebhookSecretBox(root: secrets.root).seal(secret, endpoint: Self.secretName(system))
        system.connector = connector
        return secret
    }

    /// The name a webhook connector's secret is wrapped under: its property and system.
    static func secretName(_ system: DataSystem) -> String { "connector:\(system.property.rawValue)/\(system.key)" }
}
