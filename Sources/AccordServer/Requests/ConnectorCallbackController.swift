import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/requests/callback`: where a webhook connector answers a request (issue 14 §1), with the token it was
/// sent as `Authorization: Bearer TOKEN` and `{"status": "completed" | "denied" | "inProgress", "reason"?, "data"?}`.
/// Open (the token is the credential); a missing or forged token is 401, an expired one 410, a used one 409.
struct ConnectorCallbackController {
    let answers: ConnectorAnswers
    /// The route's path, which the API key middleware leaves to it.
    static let path = "/v1/requests/callback"

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.post(RouterPath(Self.path), use: callback)
    }

    @Sendable func callback(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let header = request.headers[.authorization] ?? ""
        let token = header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        let limit = ConnectorAnswers.attachmentLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit { throw APIError.bodyTooLarge }
        let buffer = try await request.body.collect(upTo: limit)
        try JSONBody.refuseDuplicateKeys(buffer)
        // The token first: an anonymous caller learns nothing about the body's checks.
        let (claims, stored) = try await answers.verify(token: token)
        let answer = try CallbackAnswer(json: Array(buffer: buffer))
        return try JSONBody.response(try await answers.callback(answer, token: claims, request: stored))
    }
}
