import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// All mapping from domain and store errors to HTTP lives here. The domain errors carry closed sets of codes, and
/// each gets its status in a switch without a default: a new code does not compile until it is given one.
extension APIError {
    /// Translates any error a handler throws; unknown errors become a 500 without internals.
    static func from(_ error: any Error) -> APIError {
        if let answer = error as? APIError { return answer }
        var answer = translate(error)
        answer.storeFailure = error as? StoreError
        // Damaged data is named (table and column, as the stores word it; never a stored value), so an operator
        // finds it in the log; any other fault by its type alone.
        if case StoreError.corrupt = error {
            answer.cause = "\(error)"
        } else {
            answer.cause = "\(type(of: error))"
        }
        return answer
    }

    private static func translate(_ error: any Error) -> APIError {
        switch error {
        case let error as ConsentRequestError:
            return APIError(error.status, code: error.code, message: error.message, field: error.field)
        case let error as ConfigurationError:
            return APIError(error.kind.status, code: error.code, message: error.message, field: error.field)
        case let error as VendorListError:
            return APIError(error.status, code: error.code, message: error.message, field: error.field)
        case let error as RequestError:
            return APIError(error.code.status, code: error.code.rawValue, message: error.message, field: error.field)
        case let error as IdentifyToken.Failure:
            return APIError(.unauthorized, code: "identify_token_invalid", message: error.message, field: "token")
        case let error as SubjectLinker.Failure:
            switch error {
            case .visitorInvalid: return .invalid("visitor_invalid", error.message, field: "visitor")
            case .subjectIsVisitor: return .invalid("subject_invalid", error.message, field: "subject")
            }
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
        case let error as FormStoreError:
            switch error {
            case .versionExists:
                return APIError(.conflict, code: "form_version_exists", message: error.description)
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

extension ConfigurationError.Kind {
    fileprivate var status: HTTPResponse.Status {
        switch self {
        case .purposeNotFound, .topicNotFound, .textsNotFound, .policyNotFound: .notFound
        case .propertyExists, .purposeExists: .conflict
        case .invalidValue, .valueMismatch, .regionUnknown, .purposeDuplicate, .purposeHasConsents, .translationMissing,
            .propertyDuplicate:
            .unprocessableContent
        // Met at start only (the `tcf.gvlPath` file); an upload is refused as a `VendorListError`, also 422.
        case .gvlUnreadable, .gvlMalformed, .gvlVersionUnsupported, .gvlIDMismatch, .gvlValueInvalid: .unprocessableContent
        }
    }
}

extension ConsentRequestError {
    fileprivate var status: HTTPResponse.Status {
        switch self {
        // Asking a keyless write for more than a browser may do is a missing credential, not a bad value.
        case .keyRequired: .unauthorized
        case .subjectMissing, .subjectTooLong, .choicesMissing, .purposeUnknown, .choiceInvalid, .requiredPurposeDenied,
            .sourceInvalid, .policyVersionUnknown, .regionInvalid, .localeInvalid, .valueTooLong, .idempotencyKeyInvalid,
            .idempotencyKeyReused, .clientTimestampInvalid, .purposesInvalid, .consentStringNotEnabled,
            .consentStringUndecodable, .consentStringInvalid:
            .unprocessableContent
        }
    }
}

extension VendorListError {
    fileprivate var status: HTTPResponse.Status {
        switch self {
        case .malformed, .unsupportedVersion, .idMismatch, .outOfRange: .unprocessableContent
        }
    }
}
