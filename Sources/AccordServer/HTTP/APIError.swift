import AccordCore
import ConsentStrings
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Every error the API answers with: a status and the body `{"error": {"code", "message", "field"}}`.
/// All mapping from domain and store errors to HTTP lives in this file.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    public var headers: HTTPFields = [:]
    /// The type of the error this answer was translated from, for the log of a 5xx; never sent.
    var cause: String?

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
        let body = ErrorBody(error: .init(code: code, message: message, field: field))
        let data = try JSONEncoder().encode(body)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(code, forKey: .code)
                try container.encode(message, forKey: .message)
                try container.encode(field, forKey: .field)
            }

            enum CodingKeys: String, CodingKey { case code, message, field }
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
    static let unavailable = APIError(
        .serviceUnavailable, code: "unavailable", message: "the database is unavailable; retry shortly")
    static let internalError = APIError(
        .internalServerError, code: "internal", message: "an internal error occurred; it has been logged")

    /// Translates any error a handler throws; unknown errors become a 500 without internals.
    static func from(_ error: any Error) -> APIError {
        if let answer = error as? APIError { return answer }
        var answer = translate(error)
        answer.cause = "\(type(of: error))"
        return answer
    }

    private static func translate(_ error: any Error) -> APIError {
        switch error {
        case let error as ConsentRequestError:
            // Asking a keyless write for more than a browser may do is a missing credential, not a bad value.
            if case .keyRequired = error {
                return APIError(.unauthorized, code: error.code, message: error.message, field: error.field)
            }
            return APIError(.unprocessableContent, code: error.code, message: error.message, field: error.field)
        case let error as ConfigurationError:
            let status: HTTPResponse.Status =
                switch error.code {
                case "purpose_not_found", "texts_not_found", "policy_not_found": .notFound
                case "property_exists", "purpose_exists": .conflict
                default: .unprocessableContent
                }
            return APIError(status, code: error.code, message: error.message, field: error.field)
        case let error as VendorListError:
            return APIError(.unprocessableContent, code: error.code, message: error.message, field: error.field)
        case let error as DecodingError:
            return from(decoding: error)
        case is NIOTooManyBytesError:
            return .bodyTooLarge
        case let error as StoreError:
            switch error {
            case .unavailable:
                var answer = APIError.unavailable
                answer.headers[.retryAfter] = "2"
                return answer
            case .propertyNotFound(let id):
                return .propertyNotFound(id.rawValue)
            case .policyVersionExists:
                return APIError(.conflict, code: "policy_version_exists", message: error.description)
            case .concurrentChange:
                return APIError(
                    .preconditionFailed, code: "concurrent_change",
                    message: "the property was changed by another edit since it was read; read it again and retry")
            case .corrupt:
                return .internalError
            }
        case let error as HTTPError:
            if error.status == .contentTooLarge { return .bodyTooLarge }
            if error.status == .notFound { return .routeNotFound }
            return APIError(error.status, code: "http_\(error.status.code)", message: error.status.reasonPhrase)
        default:
            return .internalError
        }
    }

    private static func from(decoding error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .malformedJSON(context.debugDescription)
        case .typeMismatch(let type, let context):
            return .invalid("type_mismatch", "\(path(context.codingPath)) must be of type \(type)", field: path(context.codingPath))
        case .valueNotFound(_, let context):
            return .invalid("value_missing", "\(path(context.codingPath)) must not be null", field: path(context.codingPath))
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .invalid("field_missing", "\(field) is required", field: field)
        case .dataCorrupted(let context):
            return .invalid("value_invalid", context.debugDescription, field: path(context.codingPath))
        @unknown default:
            return .malformedJSON("\(error)")
        }
    }
}
