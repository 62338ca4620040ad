import Foundation

/// A property's webhook endpoints. The consent log and configuration store read them inside their own writes,
/// to queue each new message for every active or paused endpoint subscribed to its type.
public protocol WebhookEndpointStore: Sendable {
    /// Stores a new endpoint or replaces the one with its id.
    func saveWebhookEndpoint(_ endpoint: WebhookEndpoint) async throws
    /// The endpoint with this id in this property, if any.
    func webhookEndpoint(_ id: String, of property: PropertyID) async throws -> WebhookEndpoint?
    /// The property's endpoints by id, strictly after `cursor` (an id) when given.
    func webhookEndpoints(of property: PropertyID, after cursor: String?, limit: Int) async throws -> [WebhookEndpoint]
    /// Every endpoint of every property with one of `statuses`, by id: what the delivery service sends to.
    func webhookEndpoints(withStatus statuses: [WebhookEndpointStatus]) async throws -> [WebhookEndpoint]
    /// Removes the endpoint and its pending deliveries in one transaction; false when there was none.
    func deleteWebhookEndpoint(_ id: String, of property: PropertyID) async throws -> Bool
}
