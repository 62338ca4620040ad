import NIOCore
import NIOSSL

/// Where and how to reach the SMTP server: `mail.smtp.*` in the configuration.
public struct SMTPSettings: Sendable {
    /// How the connection is protected.
    public enum Security: String, Sendable, CaseIterable {
        /// Plain text throughout (a relay on the same host or network only).
        case none
        /// Plain connect, then `STARTTLS` before anything else; refused when the server does not offer it.
        case starttls
        /// TLS from the first byte (port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The name this client gives in `EHLO`.
    public var heloName: String
    /// The longest wait for the connection and for each reply.
    public var timeout: TimeAmount
    /// The certificate authorities trusted for TLS; nil for the system's.
    public var trustRoots: NIOSSLTrustRoots?

    /// Settings with the usual port for the security when `port` is nil (25, 587, 465).
    public init(
        host: String, port: Int? = nil, security: Security = .starttls, username: String? = nil, password: String? = nil,
        heloName: String = "localhost", timeout: TimeAmount = .seconds(30), trustRoots: NIOSSLTrustRoots? = nil
    ) {
        self.host = host
        self.port = port ?? (security == .tls ? 465 : security == .starttls ? 587 : 25)
        self.security = security
        self.username = username
        self.password = password
        self.heloName = heloName
        self.timeout = timeout
        self.trustRoots = trustRoots
    }
}
