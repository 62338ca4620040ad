/// Why a data-subject request operation was refused: a closed set of codes (the server gives each its status in one
/// exhaustive switch), the field at fault and a message that never repeats what was sent.
public struct RequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, CaseIterable {
        case typeUnknown = "request_type_unknown"
        case jurisdictionUnknown = "jurisdiction_unknown"
        case emailInvalid = "email_invalid"
        case fieldInvalid = "request_field_invalid"
        case requestNotFound = "request_not_found"
        case codeWrong = "code_wrong"
        case codeExpired = "code_expired"
        case codeExhausted = "code_exhausted"
        case resendLimited = "code_resend_limited"
        case notVerifying = "request_not_verifying"
        case transitionForbidden = "transition_forbidden"
        case denialIncomplete = "denial_incomplete"
        case extensionRefused = "extension_refused"
        case concurrentChange = "request_changed"
        case notVerified = "request_not_verified"
        case dataPointMismatch = "data_point_mismatch"
        case dataPointExhausted = "data_point_exhausted"
        case pauseRefused = "pause_refused"
    }

    public var code: Code
    public var field: String?
    public var message: String

    public init(_ code: Code, field: String?, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
