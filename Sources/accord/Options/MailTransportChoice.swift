import AccordCore
import AccordMail
import AccordServer
import Foundation

/// The one place that picks the concrete mail transport: SMTP (`AccordMail`) from the `mail.*` settings.
enum MailTransportChoice {
    /// `EHLO` names the host of `publicURL` (servers may refuse a name that is no domain).
    static func transport(_ mail: MailSettings, publicURL: String) -> any MailTransport {
        let security: SMTPSettings.Security =
            switch mail.security {
            case .none: .none
            case .starttls: .starttls
            case .tls: .tls
            }
        return SMTPTransport(
            settings: SMTPSettings(
                host: mail.host, port: mail.port, security: security, username: mail.username, password: mail.password,
                heloName: URL(string: publicURL)?.host ?? "localhost"))
    }
}
