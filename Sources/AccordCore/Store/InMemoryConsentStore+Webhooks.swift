import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `WebhookEndpointStore`: stores or replaces the endpoint.
    public func saveWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws {
        contents.withLock { $0.endpoints[endpoint.id] = endpoint }
    }

    /// `WebhookEndpointStore`: the endpoint, when it belongs to the property.
    public func webhookEndpoint(_ id: String, of property: PropertyID) async throws -> WebhookEndpoint? {
        contents.withLock { $0.endpoints[id].flatMap { $0.property == property ? $0 : nil } }
    }

    /// `WebhookEndpointStore`: the property's endpoints by id after `cursor`.
    public func webhookEndpoints(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [WebhookEndpoint] {
        contents.withLock { contents in
            Array(
                contents.endpoints.values.filter { $0.property == property && $0.id > (cursor ?? "") }
                    .sorted { $0.id < $1.id }.prefix(limit))
        }
    }

    /// `WebhookEndpointStore`: every endpoint with one of the statuses, by id.
    public func webhookEndpoints(withStatus statuses: [WebhookEndpointStatus]) async throws -> [WebhookEndpoint] {
        contents.withLock { contents in
            contents.endpoints.values.filter { statuses.contains($0.status) }.sorted { $0.id < $1.id }
        }
    }

    /// `WebhookEndpointStore`: removes the endpoint and its pending deliveries together.
    public func deleteWebhookEndpoint(_ id: String, of property: PropertyID) async throws -> Bool {
        contents.withLock { contents in
            guard contents.endpoints[id]?.property == property else { return false }
            contents.endpoints[id] = nil
            _ = contents.outbox.discard(destination: id)
            return true
        }
    }
}
