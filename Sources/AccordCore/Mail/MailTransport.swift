/// A message ready for the wire: the envelope addresses and the RFC 5322 bytes (CRLF line ends, not yet
/// dot-stuffed). What `MailMessage.rendered` makes and a `MailTransport` sends.
public struct MailEnvelope: Hashable, Sendable {
    /// The envelope sender (`MAIL FROM`), a bare address.
    public var from: String
    /// The envelope recipients (`RCPT TO`), bare addresses.
    public var recipients: [String]
    /// The whole message, headers and body.
    public var data: [UInt8]

    /// An envelope from its parts.
    public init(from: String, recipients: [String], data: [UInt8]) {
        self.from = from
        self.recipients = recipients
        self.data = data
    }
}

/// Sends mail; the `accord` executable alone picks the implementation (SMTP in `AccordMail`), the server sees
/// this protocol only, and tests may pass a recorder.
public protocol MailTransport: Sendable {
    /// Hands the message to the next hop; returns once it accepted it. Throws `MailDeliveryError`.
    func send(_ envelope: MailEnvelope) async throws
}

/// Why a message was not accepted, in words safe for logs (phase and reply code, never addresses or text).
public enum MailDeliveryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Worth another try later: the server is unreachable, timed out, or answered 4xx.
    case temporary(String)
    /// Will fail again as it is: 5xx for the message or recipient, or a configuration the server refuses.
    case permanent(String)

    /// Whether a later attempt may succeed.
    public var isTemporary: Bool {
        if case .temporary = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .temporary(let reason): "temporary mail failure: \(reason)"
        case .permanent(let reason): "permanent mail failure: \(reason)"
        }
    }
}
