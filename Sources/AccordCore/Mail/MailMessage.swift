import Foundation

/// An e-mail as Accord sends it: one recipient, a plain-text part and an HTML part (multipart/alternative),
/// both quoted-printable UTF-8. `rendered` makes the RFC 5322 bytes; nothing here does I/O.
public struct MailMessage: Hashable, Sendable {
    /// The sender's bare address (`mail.from`).
    public var from: String
    /// The sender's display name: the property's name.
    public var fromName: String?
    /// The recipient's bare address.
    public var to: String
    /// The subject line, any text (encoded as needed).
    public var subject: String
    /// The plain-text part; every message has one.
    public var text: String
    /// The HTML part.
    public var html: String
    /// The BCP 47 tag the texts are in, sent as `Content-Language`.
    public var language: String?

    /// A message from its parts.
    public init(from: String, fromName: String?, to: String, subject: String, text: String, html: String, language: String? = nil) {
        self.from = from
        self.fromName = fromName
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.language = language
    }

    /// The envelope and bytes to send, dated `date`, with `messageID` (its `<...>` form is added) and a MIME
    /// boundary made from `boundarySeed` (random hex, say), which cannot occur in quoted-printable text.
    public func rendered(date: Date, messageID: String, boundarySeed: String) -> MailEnvelope {
        let boundary = "=_accord_" + boundarySeed
        var headers = [
            "Date: " + Self.rfc5322Date(date),
            "From: " + (fromName.map { MailEncoding.displayName($0) + " <\(from)>" } ?? "<\(from)>"),
            "To: <\(to)>",
            "Subject: " + MailEncoding.headerText(subject),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            // RFC 3834: an automatic message, so auto-responders do not answer it.
            "Auto-Submitted: auto-generated",
        ]
        if let language, language.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) { headers.append("Content-Language: \(language)") }
        headers.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
        var body = headers.joined(separator: "\r\n") + "\r\n\r\n"
        for (type, content) in [("text/plain", text), ("text/html", html)] {
            body += "--\(boundary)\r\n"
            body += "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            body += MailEncoding.quotedPrintable(content) + "\r\n"
        }
        body += "--\(boundary)--\r\n"
        return MailEnvelope(from: from, recipients: [to], data: Array(body.utf8))
    }

    /// `Mon, 30 Nov 2026 06:05:57 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(days[c.weekday! - 1]), \(two(c.day)) \(months[c.month! - 1]) \(c.year!) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
