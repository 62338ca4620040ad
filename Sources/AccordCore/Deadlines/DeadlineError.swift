/// Why deadlines cannot be computed for a request.
public enum DeadlineError: Error, Sendable, Hashable {
    /// The request names a law Accord does not know.
    case unknownLaw(Law.ID)
    /// The law gives no right to this type of request (`limitSensitive` under the GDPR).
    case typeNotCovered(RequestType, Law.ID)
}

/// Why an extension is refused (issue 13 §3): the API answers 409 with `message`.
public enum ExtensionRefusal: Error, Sendable, Hashable {
    /// The law allows no extension (LGPD, Québec Law 25).
    case notAllowedByLaw(Law.ID)
    /// The law allows none for this type (CCPA opt-out and limit requests).
    case notAllowedForType(RequestType, Law.ID)
    /// The request was already extended as many times as the law allows.
    case alreadyExtended(count: Int)
    /// The law requires a reason and none was given.
    case reasonRequired
    /// The notice had to be given before the original deadline, which has passed.
    case windowClosed(closedAt: LocalDate)
    /// Deadlines cannot be computed for the request at all.
    case deadline(DeadlineError)

    /// One sentence for the error body.
    public var message: String {
        switch self {
        case .notAllowedByLaw(let law): "the law this request runs under (\(law)) allows no extension"
        case .notAllowedForType(let type, let law): "\(law) allows no extension for \(type.rawValue) requests"
        case .alreadyExtended(let count):
            count == 1 ? "the request was already extended; the law allows one extension" : "the request was already extended \(count) times"
        case .reasonRequired: "the law requires a reason for the extension"
        case .windowClosed(let date): "an extension had to be notified by the original deadline, \(date)"
        case .deadline(.unknownLaw(let law)): "unknown law \(law)"
        case .deadline(.typeNotCovered(let type, let law)): "\(law) gives no right to \(type.rawValue) requests"
        }
    }
}
