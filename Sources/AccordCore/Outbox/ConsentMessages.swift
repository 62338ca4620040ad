import Crypto
import Foundation

/// Which webhook messages a consent event yields, and what they carry: pure, decided once from the planned event
/// and its subject's state before and after it, so a store writes them in the event's own transaction.
public enum ConsentMessages {
    /// The message types an event yields: `consent.recorded` for every choice recorded, and `consent.withdrawn` when
    /// it turns a granted purpose to denied; Accord's own events yield their own type: an expiry notice
    /// `consent.expiring` or `consent.expired`, a link of a browser to a known subject `subject.linked`.
    public static func types(of event: ConsentEvent, before: ConsentState) -> [WebhookEventType] {
        switch event.kind {
        case .expiring: return [.consentExpiring]
        case .expired: return [.consentExpired]
        case .linked: return [.subjectLinked]
        case nil: break
        }
        var types: [WebhookEventType] = [.consentRecorded]
        if !withdrawn(by: event, before: before).isEmpty { types.append(.consentWithdrawn) }
        return types
    }

    /// The purposes the event turns from granted to denied, sorted.
    public static func withdrawn(by event: ConsentEvent, before: ConsentState) -> [PurposeKey] {
        event.choices.keys.filter { event.choices[$0] == .denied && before.purposes[$0]?.choice == .granted }.sorted()
    }

    /// The message id for an event's message of one type: the same on every replay of the outbox row, and
    /// derived (not random) so planning stays a pure function. `msg_` and 32 hex digits: the event's time (the 12
    /// hex digits of milliseconds a UUIDv7 starts with), then a digest of the event id and the type. Ids sort
    /// by time, so each commit adds its messages at the end of the stores' unique index on them instead of to
    /// a random page of it (one page written per message and commit, synced). An event id that is no UUIDv7
    /// (imported) gives 32 digits of digest, as before.
    public static func messageID(of event: EventID, type: WebhookEventType) -> String {
        let digest = Array(SHA256.hash(data: Array("\(event.rawValue)/\(type.rawValue)".utf8)).prefix(16)).hexString
        let time = timeDigits(of: event)
        return "msg_" + time + digest.prefix(32 - time.count)
    }

    private static let lowercaseHex = Set("0123456789abcdef".utf8)

    /// A UUID's first 12 hex digits (a UUIDv7's milliseconds), or "" when the id does not start so.
    static func timeDigits(of event: EventID) -> String {
        let digits = event.rawValue.utf8.lazy.filter { $0 != UInt8(ascii: "-") }.prefix(12)
        guard event.rawValue.utf8.count == 36, digits.count == 12, digits.allSatisfy(lowercaseHex.contains) else { return "" }
        return String(decoding: digits, as: UTF8.self)
    }

    /// The messages of one new event (no destinations yet), each stored thin: its payload only refers to the
    /// event, and its `data` is rendered at delivery (`ConsentMessageRenderer`).
    public static func messages(of event: ConsentEvent, before: ConsentState, after: ConsentState) -> [OutboxMessage] {
        let types = types(of: event, before: before)
        let payload = reference(to: event.id)
        return types.map { type in
            OutboxMessage(
                id: messageID(of: event.id, type: type), channel: .webhook, type: type.rawValue, property: event.property,
                subject: event.subject, payload: payload, createdAt: event.recordedAt)
        }
    }

    /// The `data` object, less what is added at delivery (the clear subject id and the sequence): the event,
    /// the purposes it changed with their new status and expiry, those it withdrew, and the whole state after it.
    /// No IP address, user agent or consent strings: receivers get what they must obey, not the request.
    public static func payload(of event: ConsentEvent, before: ConsentState, after: ConsentState) -> [UInt8] {
        var json = JSONWriter(capacity: 512)
        json.beginObject()
        json.key("changes")
        json.beginArray()
        // An expiry notice changes no choice: it names the purpose and instant it is about, with its kind as status.
        for purpose in Set(event.choices.keys).union(event.expiresAt.keys).sorted() {
            json.beginObject()
            json.field("expiresAt", event.expiresAt[purpose]?.rfc3339)
            json.field("purpose", purpose.rawValue)
            json.field("status", event.choices[purpose]?.rawValue ?? event.kind?.rawValue)
            json.endObject()
        }
        json.endArray()
        json.field("eventId", event.id.rawValue)
        json.key("policyVersion")
        json.integer(event.policyVersion)
        json.field("property", event.property.rawValue)
        json.field("recordedAt", event.recordedAt.rfc3339)
        json.field("regime", event.regime.rawValue)
        json.field("source", event.source.rawValue)
        json.key("state")
        json.beginObject()
        for purpose in after.purposes.keys.sorted() {
            let state = after.purposes[purpose]!
            json.key(purpose.rawValue)
            json.beginObject()
            json.field("eventId", state.eventID.rawValue)
            json.field("expiresAt", state.expiresAt?.rfc3339)
            json.key("policyVersion")
            json.integer(state.policyVersion)
            json.field("since", state.since.rfc3339)
            json.field("status", state.choice.rawValue)
            json.endObject()
        }
        json.endObject()
        json.key("withdrawn")
        json.beginArray()
        for purpose in withdrawn(by: event, before: before) { json.string(purpose.rawValue) }
        json.endArray()
        json.endObject()
        return json.bytes
    }

    /// The outbox entries of planned events: each message goes to every endpoint of its property that queues its
    /// type (active or paused and subscribed); a message no endpoint wants is not written.
    public static func entries(of notices: [ConsentNotice], endpoints: [WebhookEndpoint]) -> [OutboxEntry] {
        guard !endpoints.isEmpty else { return [] }
        var entries: [OutboxEntry] = []
        for notice in notices {
            let candidates = endpoints.filter { $0.property == notice.event.property && $0.status.queues }
            guard !candidates.isEmpty else { continue }
            for message in messages(of: notice.event, before: notice.before, after: notice.after) {
                let type = WebhookEventType(rawValue: message.type)
                let destinations = candidates.filter { $0.queues(type) }.map(\.id)
                if !destinations.isEmpty { entries.append(OutboxEntry(message: message, destinations: destinations)) }
            }
        }
        return entries
    }
}

/// A newly planned event with its subject's state before and after it: what its messages are made from.
public struct ConsentNotice: Hashable, Sendable {
    /// The event, as it will be stored.
    public var event: ConsentEvent
    /// The subject's state before it.
    public var before: ConsentState
    /// The subject's state after it.
    public var after: ConsentState

    /// A notice from its parts.
    public init(event: ConsentEvent, before: ConsentState, after: ConsentState) {
        self.event = event
        self.before = before
        self.after = after
    }
}
