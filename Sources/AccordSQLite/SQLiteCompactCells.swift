import AccordCore
import Foundation
import GRDB

/// How the SQLite file stores a few cells of `consent_events` and `consent_state` in fewer bytes than the text
/// their flat record carries (migration `2026-11-30-compact-event-rows`). The records, the export and
/// PostgreSQL keep the text; only the SQLite cell changes, and reading gives back exactly the text written.
///
/// - `hash`, `prev_hash` and `policy_hash`: a lowercase hex SHA-256 is stored as its 32 bytes.
/// - `consent_state.event_id`: a lowercase UUID text is stored as its 16 bytes.
/// - `consent_events.expires_at`: when every purpose of the event expires at the same instant and the JSON text
///   is exactly what `ConsentEventEncoding.expiriesText` writes for the choices' keys, the instant is stored as
///   its decimal digits (milliseconds; the column's TEXT affinity would turn an integer into that text anyway,
///   and it is valid JSON for the column's check); reading writes the object again from the `choices` keys.
///
/// Any other value (an imported hash in capitals, an id that is not a UUID) is stored as the text it is, and
/// SQLite's per-cell storage classes tell the two forms apart, so nothing is lost and no reader has to guess.
enum SQLiteCompactCells {
    /// The columns whose 64-digit hex text is stored as 32 bytes.
    static let hashColumns: Set<String> = ["hash", "prev_hash", "policy_hash"]
    /// The column whose UUID text is stored as 16 bytes (the state row's reference to its event).
    static let eventIDColumn = "event_id"
    /// The event column whose uniform expiries are stored as one integer.
    static let expiriesColumn = "expires_at"
    /// The event column whose keys the expiries are written again from.
    static let choicesColumn = "choices"

    private static let digits = Array("0123456789abcdef".utf8)

    // MARK: Hashes

    /// The cell for a hash text: its 32 bytes when it is 64 lowercase hex digits, else the text.
    static func storedHash(_ text: String) -> any DatabaseValueConvertible {
        guard text.utf8.count == 64, let bytes = packedHex(text, byteCount: 32) else { return text }
        return bytes
    }

    /// The text of a stored hash: lowercase hex of its bytes.
    static func hashText(_ bytes: Data) -> String? {
        guard bytes.count == 32 else { return nil }
        return hex(bytes)
    }

    // MARK: Event ids

    /// The cell for an event id: its 16 bytes when it is a lowercase UUID text (8-4-4-4-12 digits), else the text.
    static func storedEventID(_ text: String) -> any DatabaseValueConvertible {
        guard text.utf8.count == 36, let bytes = packedHex(text, byteCount: 16, dashesAt: [8, 13, 18, 23]) else {
            return text
        }
        return bytes
    }

    /// The bytes of a text of lowercase hex digits with a `-` at each index in `dashes`, or nil for any other byte.
    private static func packedHex(_ text: String, byteCount: Int, dashesAt dashes: [Int] = []) -> Data? {
        // Read from the string's UTF-8 view into an array, then one `Data`: setting a `Data`'s bytes one by one went
        // through its subscript setter per byte (a profile's tenth of the event row's cells).
        var bytes = [UInt8]()
        bytes.reserveCapacity(byteCount)
        var high: UInt8?
        for (index, byte) in text.utf8.enumerated() {
            if dashes.contains(index) {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let value = nibble(byte) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return Data(bytes)
    }

    /// The text of a stored event id: the lowercase UUID of its bytes.
    static func eventIDText(_ bytes: Data) -> String? {
        guard bytes.count == 16 else { return nil }
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    // MARK: Expiries

    /// The cell for an event's expiries text: the digits of one instant when `expiriesText(choices:milliseconds:)` writes the
    /// very same text again from it, else the text.
    static func storedExpiries(_ text: String, choices: String) -> any DatabaseValueConvertible {
        // Every value is an integer, so the last one follows the last colon (a key may hold colons, a value not).
        guard let colon = text.utf8.lastIndex(of: UInt8(ascii: ":")), text.utf8.last == UInt8(ascii: "}") else { return text }
        let digitsStart = text.utf8.index(after: colon)
        let digitsEnd = text.utf8.index(before: text.utf8.endIndex)
        guard let milliseconds = Int64(Substring(text.utf8[digitsStart..<digitsEnd])),
            expiriesText(choices: choices, milliseconds: milliseconds) == text
        else { return text }
        return String(milliseconds)
    }

    /// The expiries text for `milliseconds` on every purpose of `choices` (`ConsentEventEncoding.choicesText`'s
    /// form): `{"<key>":<milliseconds>,...}` with the keys as the choices text spells them, in its order (both
    /// texts sort their keys the same way). Nil when `choices` is not of that form or has no purpose.
    static func expiriesText(choices: String, milliseconds: Int64) -> String? {
        let bytes = Array(choices.utf8)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}"), bytes.count > 2 else { return nil }
        let value = Array(String(milliseconds).utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + 16 * value.count)
        out.append(UInt8(ascii: "{"))
        var index = 1
        while true {
            // A key: a JSON string, copied as it is spelled.
            guard let keyEnd = stringEnd(bytes, from: index) else { return nil }
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: bytes[index..<keyEnd])
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: value)
            guard keyEnd < bytes.count, bytes[keyEnd] == UInt8(ascii: ":") else { return nil }
            // Its value: a JSON string too (`granted` or `denied`), skipped.
            guard let valueEnd = stringEnd(bytes, from: keyEnd + 1), valueEnd < bytes.count else { return nil }
            switch bytes[valueEnd] {
            case UInt8(ascii: ","): index = valueEnd + 1
            case UInt8(ascii: "}") where valueEnd == bytes.count - 1:
                out.append(UInt8(ascii: "}"))
                return String(decoding: out, as: UTF8.self)
            default: return nil
            }
        }
    }

    /// The index just past the JSON string starting at `start` (its opening quote), or nil.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { return nil }
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    // MARK: Rows

    /// An event record's cells as the insert binds them, in `EventRecord.columns` order, written field by field:
    /// the generic path (`SQLiteInserts.values`, the record's `Encodable` conformance through `ColumnValuesEncoder`,
    /// a column-name check per value) was an eighth of the writer's transaction in a profile of durable writes.
    /// `SQLiteCompactCellsTests` holds it to that path's cells, column for column.
    /// `choices` is the choices cell when it is not the record's text (a `SQLiteChoiceTexts` reference).
    static func eventValues(_ record: EventRecord, choices: String? = nil) throws -> [(any DatabaseValueConvertible)?] {
        let values: [(any DatabaseValueConvertible)?] = [
            record.seq, record.id, record.propertyID, record.subjectKey, choices ?? record.choices,
            storedExpiries(record.expiresAt, choices: record.choices), record.regime, record.region, record.locale,
            Int64(record.policyVersion), storedHash(record.policyHash), record.source, record.gpc, record.tcString,
            record.gppString, record.ipPrefix, record.userAgent, record.clientTime, record.recordedAt,
            record.idempotencyKey.map(SQLiteCompactKeys.storedKey), record.authenticatedBy, record.kind, record.linkedSubject,
            record.chainID, record.chainPosition, storedHash(record.prevHash), storedHash(record.hash), record.formRef,
            record.origin,
        ]
        assert(values.count == EventRecord.columns.count, "an event row has one cell per column")
        return values
    }

    /// The generic form of `eventValues`: the record's column values with the compact cells put in, what the insert
    /// bound before `eventValues` wrote the cells itself (kept as the reference its tests compare with).
    static func genericEventValues(_ record: EventRecord) throws -> [(any DatabaseValueConvertible)?] {
        var values = try SQLiteInserts.values(record)
        if let key = record.idempotencyKey { values[EventColumn.idempotencyKey] = SQLiteCompactKeys.storedKey(key) }
        values[EventColumn.hash] = storedHash(record.hash)
        values[EventColumn.prevHash] = storedHash(record.prevHash)
        values[EventColumn.policyHash] = storedHash(record.policyHash)
        values[EventColumn.expiresAt] = storedExpiries(record.expiresAt, choices: record.choices)
        return values
    }

    /// A state record's cells as the insert binds them, in `StateRecord.columns` order, written field by field (see
    /// `eventValues`; three of these go with each banner write).
    static func stateValues(_ record: StateRecord) throws -> [(any DatabaseValueConvertible)?] {
        let values: [(any DatabaseValueConvertible)?] = [
            record.propertyID, record.subjectKey, record.purposeKey, record.choice, record.since, record.expiresAt,
            Int64(record.policyVersion), storedEventID(record.eventID), record.expiryNotice,
        ]
        assert(values.count == StateRecord.columns.count, "a state row has one cell per column")
        return values
    }

    /// The generic form of `stateValues` (see `genericEventValues`).
    static func genericStateValues(_ record: StateRecord) throws -> [(any DatabaseValueConvertible)?] {
        var values = try SQLiteInserts.values(record)
        values[StateColumn.eventID] = storedEventID(record.eventID)
        return values
    }

    private enum EventColumn {
        static let idempotencyKey = EventRecord.columns.firstIndex(of: "idempotency_key")!
        static let hash = EventRecord.columns.firstIndex(of: "hash")!
        static let prevHash = EventRecord.columns.firstIndex(of: "prev_hash")!
        static let policyHash = EventRecord.columns.firstIndex(of: "policy_hash")!
        static let expiresAt = EventRecord.columns.firstIndex(of: "expires_at")!
    }

    private enum StateColumn {
        static let eventID = StateRecord.columns.firstIndex(of: "event_id")!
    }

    // MARK: Helpers

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    private static func hex(_ bytes: Data) -> String {
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
