import AccordCore
import Configuration

/// The e-mail settings, read with the others; nil in `ServerSettings.mail` when `mail.smtp.host` is unset, and
/// then Accord runs without e-mail (addresses are kept, nothing is sent) and says so once at start.
///
/// - `mail.smtp.host` (optional): the SMTP server; e-mail is off without it.
/// - `mail.smtp.port` (default 587 for `starttls`, 465 for `tls`, 25 for `none`).
/// - `mail.smtp.username` and `mail.smtp.password` (secret; environment `MAIL_SMTP_PASSWORD`): AUTH PLAIN or LOGIN.
/// - `mail.smtp.security` (default `starttls`): `none`, `starttls` (refused when the server does not offer it)
///   or `tls` (implicit TLS).
/// - `mail.from`: the sender address, required with a host; the property's name is the display name.
public struct MailSettings: Sendable, Hashable {
    /// How the SMTP connection is protected (`mail.smtp.security`).
    public enum Security: String, Sendable, Hashable, CaseIterable {
        case none, starttls, tls
    }

    public var host: String
    public var port: Int?
    public var username: String?
    public var password: String?
    public var security: Security
    public var from: String

    /// Settings from the configuration, and what is wrong with them (one line each).
    static func read(_ reader: ConfigReader) -> (MailSettings?, [String]) {
        let host = reader.string(forKey: "mail.smtp.host")
        let port = reader.int(forKey: "mail.smtp.port")
        let username = reader.string(forKey: "mail.smtp.username")
        let password = reader.string(forKey: "mail.smtp.password", isSecret: true)
        let securityText = reader.string(forKey: "mail.smtp.security")
        let from = reader.string(forKey: "mail.from")
        guard let host, !host.isEmpty else { return (nil, []) }
        var problems: [String] = []
        let security = securityText.map { Security(rawValue: $0.lowercased()) } ?? .starttls
        if security == nil { problems.append("mail.smtp.security: expected none, starttls or tls") }
        if let port, !(1...65535).contains(port) { problems.append("mail.smtp.port: must be 1 to 65535") }
        let sender = from.flatMap(EmailAddress.normalized)
        if sender == nil { problems.append("mail.from: an e-mail address such as accord@example.com is required with mail.smtp.host") }
        if (username == nil) != (password == nil) {
            problems.append("mail.smtp.username and mail.smtp.password: give both or neither")
        }
        let settings = MailSettings(
            host: host, port: port, username: username, password: password, security: security ?? .starttls, from: sender ?? "")
        return (problems.isEmpty ? settings : nil, problems)
    }
}
