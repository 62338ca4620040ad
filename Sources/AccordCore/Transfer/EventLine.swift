import Foundation

/// An event as an export line: its `consent_events` record under the export's field names.
///
/// The export format is a contract older than the record, so it keeps its own vocabulary: camelCase names
/// (`property`, `subject`, `chain`, `position`, `previousHash`, `authentication` where the columns differ by
/// more than case), the subject key in hex, choices and expiries as JSON objects rather than text, and no field
/// for a NULL or for the source's sequence number. Times are integer milliseconds in both. The line is written
/// from the record's column values and read back as a row of the record, so no list of fields is spelled here.
struct EventLine: Codable {
    var record: EventRecord

    /// Without the sequence number: it is the source database's own, and a target numbers events itself.
    init(_ stored: StoredEvent) {
        record = EventRecord(stored.event, link: stored.link)
    }

    /// The stored event; a value the domain cannot hold is named by its field, as a decoding error.
    func stored() throws -> StoredEvent {
        do {
            return try record.decoded()
        } catch {
            let field = FieldKey(Self.field(error.column))
            throw DecodingError.dataCorrupted(.init(codingPath: [field], debugDescription: "not a value Accord records"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        for (column, value) in zip(EventRecord.CodingKeys.allCases, try record.columnValues()) where column != .seq {
            let field = FieldKey(Self.field(column))
            switch (column, value) {
            case (_, .null): continue
            case (.choices, .text(let text)): try container.encode(try ConsentEventEncoding.choices(from: text), forKey: field)
            case (.expiresAt, .text(let text)):
                try container.encode(try ConsentEventEncoding.expiries(from: text).mapValues(\.millisecondsSince1970), forKey: field)
            case (_, .text(let text)): try container.encode(text, forKey: field)
            case (_, .integer(let integer)): try container.encode(integer, forKey: field)
            case (_, .bool(let bool)): try container.encode(bool, forKey: field)
            case (_, .bytes(let bytes)): try container.encode(bytes.hexString, forKey: field)
            }
        }
    }

    init(from decoder: any Decoder) throws {
        record = try EventRecord(decoding: Fields(container: try decoder.container(keyedBy: FieldKey.self)))
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

    /// A line's fields as a row of the record: each column read from its field, in the column's stored form. The
    /// subject key, choices and expiries are checked on the way in, so a bad one is named by its field
    /// (`choices.analytics`), and a missing field is named as the export calls it.
    private struct Fields: RecordRow {
        let container: KeyedDecodingContainer<FieldKey>

        private func field(_ column: String) -> FieldKey { FieldKey(EventLine.field(EventRecord.CodingKeys(rawValue: column)!)) }

        func isNull(_ column: String) throws -> Bool {
            try !container.contains(field(column)) || container.decodeNil(forKey: field(column))
        }

        func string(_ column: String) throws -> String {
            switch EventRecord.CodingKeys(rawValue: column) {
            case .choices: ConsentEventEncoding.choicesText(try container.decode([PurposeKey: ConsentChoice].self, forKey: field(column)))
            case .expiresAt:
                ConsentEventEncoding.expiriesText(
                    try container.decode([PurposeKey: Int64].self, forKey: field(column)).mapValues(Date.init(millisecondsSince1970:)))
            default: try container.decode(String.self, forKey: field(column))
            }
        }

        func int64(_ column: String) throws -> Int64 { try container.decode(Int64.self, forKey: field(column)) }
        func bool(_ column: String) throws -> Bool { try container.decode(Bool.self, forKey: field(column)) }
        func data(_ column: String) throws -> Data { Data(try container.decode(SubjectKey.self, forKey: field(column)).bytes) }
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
