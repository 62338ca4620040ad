import Foundation

/// An event as an export line: its `consent_events` record under the export's field names.
///
/// The export format is a contract older than the record, so it keeps its own vocabulary: camelCase names
/// (`property`, `subject`, `chain`, `position`, `previousHash`, `authentication` where the columns differ
/// by more than case), the subject key in hex, choices and expiries as JSON objects rather than text; times
/// are integer milliseconds in both. The record's `Codable` conformance is written through adapters
/// (`EventLine+Coding.swift`) that rename and reshape those fields, so no list of fields is spelled here.
struct EventLine: Codable {
    var record: EventRecord

    /// Without the sequence number: it is the source database's own, and a target numbers events itself.
    init(_ stored: StoredEvent) {
        record = EventRecord(stored.event, link: stored.link)
    }

    /// The stored event; its sequence number is the target's to give.
    func stored() throws -> StoredEvent {
        do {
            return try record.decoded()
        } catch {
            let field = FieldKey(Self.field(error.column))
            throw DecodingError.dataCorrupted(.init(codingPath: [field], debugDescription: "not a value Accord records"))
        }
    }

    init(from decoder: any Decoder) throws {
        record = try EventRecord(from: EventLineDecoder(base: decoder))
    }

    func encode(to encoder: any Encoder) throws {
        try record.encode(to: EventLineEncoder(base: encoder))
    }

    /// The export's name for a column.
    static func field(_ column: EventRecord.CodingKeys) -> String {
        switch column {
        case .propertyID: "property"
        case .subjectKey: "subject"
        case .authenticatedBy: "authentication"
        case .chainID: "chain"
        case .chainPosition: "position"
        case .prevHash: "previousHash"
        default: camelCase(column.rawValue)
        }
    }

    /// `policy_version` → `policyVersion`.
    private static func camelCase(_ snake: String) -> String {
        let words = snake.split(separator: "_")
        return words.dropFirst().reduce(String(words.first ?? "")) { $0 + $1.prefix(1).uppercased() + $1.dropFirst() }
    }
}

/// A field name of an export line.
struct FieldKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
