import AccordCore
import Foundation
import Hummingbird

/// `POST /v1/properties/{property}/subjects/{subject}/unsubscribe-link {"channel": "email", "topic": "newsletter"}`
/// (scope `consents:write`): the one-click unsubscribe URL for one subject and one preference, with the two
/// headers an e-mail carries it in (RFC 2369 `List-Unsubscribe`, RFC 8058 `List-Unsubscribe-Post`). Nothing is stored.
struct UnsubscribeLinkController {
    let catalog: PropertyCatalog
    let sealer: UnsubscribeLinkSealer
    let publicURL: String

    func register(on router: some RouterMethods<ConsentsWriteRequestContext>) {
        router.post("/v1/properties/:property/subjects/:subject/unsubscribe-link", use: issue)
    }

    struct LinkRequest: Decodable {
        var channel: String?
        var topic: String?
    }

    struct LinkBody: Encodable {
        struct Headers: Encodable {
            var listUnsubscribe: String
            var listUnsubscribePost: String

            enum CodingKeys: String, CodingKey {
                case listUnsubscribe = "List-Unsubscribe"
                case listUnsubscribePost = "List-Unsubscribe-Post"
            }
        }
        var url: String
        var preference: String
        var headers: Headers
    }

    @Sendable func issue(_ request: Request, context: ConsentsWriteRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let raw = try context.parameters.require("subject")
        let subject = try ConsentEventBuilder.validateSubject(raw.removingPercentEncoding ?? raw)
        let body = try await JSONBody.decode(LinkRequest.self, from: request, context: context)
        guard let channelText = body.channel, let channel = Purpose.Channel(rawValue: channelText) else {
            throw APIError.invalid(
                "channel_invalid", "channel must be one of \(Purpose.Channel.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "channel")
        }
        let preference = PreferenceKey(channel: channel, topic: TopicKey(rawValue: body.topic ?? ""))
        guard property.preferencePurpose(preference) != nil else {
            throw APIError.invalid(
                "purpose_unknown", "no topic '\(body.topic ?? "")' on channel '\(channel.rawValue)' in this property",
                field: "topic")
        }
        let token = try sealer.seal(subject: subject, preference: preference, property: property.id)
        let url = "\(publicURL)/p/\(property.id.rawValue)/unsubscribe/\(token)"
        return try JSONBody.response(
            LinkBody(
                url: url, preference: preference.description,
                headers: .init(listUnsubscribe: "<\(url)>", listUnsubscribePost: "List-Unsubscribe=One-Click")),
            status: .created)
    }
}
