import Foundation

/// Thin consent messages: an event's messages are stored with only a reference to the event, written in the
/// event's transaction, and their `data` is rendered when they are sent, from the stored event and the subject's
/// state as of it (the fold of its history up to the event). Rendering is a pure function of stored events, so
/// every attempt, replay or move to another database sends the same body for the same message id; and the
/// consent write does not pay for rendering JSON inside its transaction.
extension ConsentMessages {
    /// The stored payload of an event's message: `{"renderFromEvent":"<id>"}`.
    public static func reference(to event: EventID) -> [UInt8] {
        var json = JSONWriter(capacity: 64)
        json.beginObject()
        json.field("renderFromEvent", event.rawValue)
        json.endObject()
        return json.bytes
    }

    /// The event a stored payload refers to, or nil for a payload stored whole (a message of another kind, or
    /// a consent message written before payloads were rendered at delivery: its `data` starts with `changes`).
    public static func referencedEvent(in payload: [UInt8]) -> EventID? {
        let prefix = Array(#"{"renderFromEvent":""#.utf8)
        let suffix = Array(#""}"#.utf8)
        guard payload.count > prefix.count + suffix.count, payload.starts(with: prefix), payload.suffix(2).elementsEqual(suffix)
        else { return nil }
        let id = payload[prefix.count..<(payload.count - suffix.count)]
        guard !id.contains(UInt8(ascii: "\"")), !id.contains(UInt8(ascii: "\\")) else { return nil }
        return EventID(rawValue: String(decoding: id, as: UTF8.self))
    }

    /// The `data` of `event`'s messages (before the delivery-time fields), from the subject's history in commit
    /// order up to and including the event; nil when the history does not end with it.
    public static func payload(of event: EventID, history: [ConsentEvent]) -> [UInt8]? {
        guard let last = history.last, last.id == event else { return nil }
        let before = ConsentState(folding: history.dropLast())
        var after = before
        after.apply(last)
        return payload(of: last, before: before, after: after)
    }
}

/// Renders thin consent messages for sending, reading the subject's history from the log.
public struct ConsentMessageRenderer: Sendable {
    let log: any ConsentLog
    /// Events read per page while walking back through a subject's history.
    let pageSize: Int

    /// A renderer reading from `log`.
    public init(log: any ConsentLog, pageSize: Int = 500) {
        self.log = log
        self.pageSize = pageSize
    }

    /// The message with its `data` rendered when its payload is a reference to an event; as it is otherwise.
    /// Throws `StoreError.corrupt` when the event is not in its subject's history.
    public func rendered(_ message: OutboxMessage) async throws -> OutboxMessage {
        guard let event = ConsentMessages.referencedEvent(in: message.payload) else { return message }
        guard let subject = message.subject else { throw StoreError.corrupt("message \(message.id) refers to an event but names no subject") }
        var newestFirst: [ConsentEvent] = []
        var found = false
        var cursor: Int64?
        while true {
            let page = try await log.events(of: subject, in: message.property, before: cursor, limit: pageSize)
            for stored in page where found || stored.event.id == event {
                found = true
                newestFirst.append(stored.event)
            }
            guard page.count == pageSize, let last = page.last else { break }
            cursor = last.sequence
        }
        guard found, let data = ConsentMessages.payload(of: event, history: newestFirst.reversed()) else {
            throw StoreError.corrupt("message \(message.id) refers to an event its subject's history does not hold")
        }
        var rendered = message
        rendered.payload = data
        return rendered
    }
}
