import AccordCore
import HTTPTypes

extension RequestError.Code {
    /// The HTTP status of each code: bad input 422, an unknown request 404, a move or extension the rules forbid
    /// and a lost race 409, a resend too soon 429.
    var status: HTTPResponse.Status {
        switch self {
        case .typeUnknown, .jurisdictionUnknown, .emailInvalid, .fieldInvalid, .codeWrong, .codeExpired, .codeExhausted,
            .denialIncomplete, .dataPointMismatch, .dataPointExhausted:
            .unprocessableContent
        case .requestNotFound: .notFound
        case .notVerifying, .transitionForbidden, .extensionRefused, .concurrentChange, .notVerified, .pauseRefused: .conflict
        case .resendLimited: .tooManyRequests
        }
    }
}
