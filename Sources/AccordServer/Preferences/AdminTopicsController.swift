import AccordCore
import Foundation
import Hummingbird

/// `/v1/admin/properties/{property}/topics`: the communication topics of a property's draft (scope `admin`).
/// Like purposes, a change takes effect for consent writes when the draft is published.
struct AdminTopicsController {
    let editor: ConfigurationEditor

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/topics", use: list)
        router.get("/v1/admin/properties/:property/topics/:topic", use: read)
        router.put("/v1/admin/properties/:property/topics/:topic", use: save)
        router.delete("/v1/admin/properties/:property/topics/:topic", use: remove)
    }

    struct TopicList: Encodable {
        var topics: [Topic]
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try JSONBody.response(TopicList(topics: try await editor.property(context).topics))
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (_, topic) = try await find(context)
        return try JSONBody.response(topic)
    }

    /// Creates the topic (201) or replaces it (200); the body's `key`, when given, must be the path's.
    /// `isRetired: true` retires it: the only way to drop a topic with recorded preferences.
    @Sendable func save(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = TopicKey(rawValue: try context.parameters.require("topic"))
        var topic = try await JSONBody.decode(Topic.self, from: request, context: context)
        if topic.key.rawValue.isEmpty { topic.key = key }
        guard topic.key == key else {
            throw ConfigurationError.mismatch("key", "the body's key must be '\(key)' (keys cannot be renamed)")
        }
        let existed = property.topic(key) != nil
        let action = existed ? (topic.isRetired ? "topic.retire" : "topic.update") : "topic.create"
        let saved = try await editor.change(property, request, context, action: action, target: key.rawValue) { draft in
            if let index = draft.topics.firstIndex(where: { $0.key == key }) {
                draft.topics[index] = topic
            } else {
                draft.topics.append(topic)
            }
        }
        return try JSONBody.response(saved.topic(key) ?? topic, status: existed ? .ok : .created)
    }

    /// Removes a topic no preference was recorded for (422 `purpose_has_consents` otherwise: retire it instead).
    @Sendable func remove(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let (property, topic) = try await find(context)
        _ = try await editor.change(property, request, context, action: "topic.delete", target: topic.key.rawValue) {
            $0.topics.removeAll { $0.key == topic.key }
        }
        return Response(status: .noContent)
    }

    private func find(_ context: AdminRequestContext) async throws -> (Property, Topic) {
        let property = try await editor.property(context)
        let key = try context.parameters.require("topic")
        guard let topic = property.topic(TopicKey(rawValue: key)) else { throw ConfigurationError.topicNotFound(key) }
        return (property, topic)
    }
}
