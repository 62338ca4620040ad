import AccordCore
import ConsentStrings
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Every error the API answers with: a status and the body `{"error": {"code", "message", "field"}}`.
/// Domain and store errors become API errors in one place, `APIError+Translation.swift`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    public var headers: HTTPFields = [:]
    /// Every problem, when there are several (a form that cannot be published or submitted): sent as
    /// `error.problems`, each with its JSON path; `field` names the first.
    public var problems: [FormProblem]?
    /// The type of the error this answer was translated from, for the log of a 5xx; never sent.
    var cause: String?
    /// The store failure this answer was translated from, counted by `ErrorMiddleware` in the metrics; never sent.
    var storeFailure: StoreError?

    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        let body = ErrorBody(error: .init(code: code, message: message, field: field, problems: problems))
        let data = try JSONEncoder().encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
            var problems: [FormProblem]?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
                try container.encodeIfPresent(problems, forKey: .problems)
            }

            enum CodingKeys: String, CodingKey { case code, message, field, problems }
        }
        var error: Detail
    }
}

extension APIError {
    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized", message: "a valid API key is required: Authorization: Bearer <key>")
    static func forbidden(_ scope: APIKey.Scope) -> APIError {
        APIError(.forbidden, code: "forbidden", message: "the API key lacks the scope \(scope.rawValue)")
    }
    static func propertyNotFound(_ id: String) -> APIError {
        APIError(.notFound, code: "property_not_found", message: "no property with id '\(id)'")
    }
    static let routeNotFound = APIError(.notFound, code: "route_not_found", message: "no such endpoint")
    static let bodyTooLarge = APIError(
        .contentTooLarge, code: "body_too_large", message: "request body must be at most 64 KiB")
    static func malformedJSON(_ detail: String) -> APIError {
        APIError(.badRequest, code: "malformed_json", message: "request body is not valid JSON: \(detail)")
    }
    static func duplicateKey(_ path: String) -> APIError {
        APIError(.badRequest, code: "duplicate_key", message: "the key \(path) appears twice in one object", field: path)
    }
    static func invalid(_ code: String, _ message: String, field: String?) -> APIError {
        APIError(.unprocessableContent, code: code, message: message, field: field)
    }
    /// A consent string given to a decoding endpoint that does not decode; the message names the codec's code.
    static func undecodableString(_ code: String, _ what: String, _ error: any Error) -> APIError {
        let reason = (error as? ConsentStringError)?.description ?? "invalidValue: the string cannot be decoded"
        return .invalid(code, "\(what) cannot be decoded: \(reason)", field: "string")
    }
    /// 422 `code` listing every problem, `field` naming the first.
    static func problems(_ code: String, _ summary: String, _ problems: [FormProblem]) -> APIError {
        var error = APIError(
            .unprocessableContent, code: code,
            message: "\(summary): " + problems.map(\.description).joined(separator: "; "), field: problems.first?.field)
        error.problems = problems
        return error
    }
    static let unavailable = APIError(
        .serviceUnavailable, code: "unavailable", message: "the database is unavailable; retry shortly")
    static let internalError = APIError(
        .internalServerError, code: "internal", message: "an internal error occurred; it has been logged")
}
