import Foundation

/// The body of a webhook request, `{"data", "timestamp", "type"}` (Standard Webhooks), made at delivery from the
/// stored message: the fields known only then are added to `data`, namely the clear subject id (or null, with
/// `subjectResolved: false`, when none is known) and the message's `sequence` (`SubjectSequence`), which grows
/// with every message about the subject, so a receiver can drop one older than what it has.
public enum WebhookBody {
    /// The exact bytes to sign and send. `timestamp` is when the message was written (its event's time), not
    /// when it is sent: every attempt and replay of a message sends the same body (only the `webhook-timestamp`
    /// header, and with it the signature, changes), unless its subject was erased meanwhile.
    public static func make(_ message: OutboxMessage, clearSubject: String?) -> [UInt8] {
        var extra = JSONWriter(capacity: 160)
        extra.beginObject()
        extra.key("sequence")
        extra.integer(message.receiverSequence)
        if let subject = message.subject {
            extra.field("subject", clearSubject)
            extra.field("subjectKey", subject.hex)
            extra.key("subjectResolved")
            extra.bool(clearSubject != nil)
        }
        extra.endObject()
        var data = message.payload
        let isEmptyObject = data.filter { !$0.isWhitespace }.count <= 2
        data = Array(data.dropLast())  // the closing brace
        if isEmptyObject {
            data = [UInt8(ascii: "{")]
        } else {
            data.append(UInt8(ascii: ","))
        }
        data.append(contentsOf: extra.bytes.dropFirst())  // its members and closing brace
        var body = Array(#"{"data":"#.utf8)
        body.append(contentsOf: data)
        var tail = JSONWriter(capacity: 96)
        tail.beginObject()
        tail.field("timestamp", message.createdAt.rfc3339)
        tail.field("type", message.type)
        tail.endObject()
        body.append(UInt8(ascii: ","))
        body.append(contentsOf: tail.bytes.dropFirst())
        return body
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
