import AccordCore
import Foundation
import Testing

/// The flat records stores read and write: every value back as it went in, every bad cell reported by column.
@Suite struct FlatRecordTests {
    /// A row as a database would hand it over; a cell absent from `cells` is a missing column.
    struct FakeRow: RecordRow {
        enum Cell { case null, text(String), integer(Int64), bytes(Data) }
        struct WrongType: Error {}

        var cells: [String: Cell]

        func cell(_ column: String) throws -> Cell {
            guard let cell = cells[column] else { throw WrongType() }
            return cell
        }
        func isNull(_ column: String) throws -> Bool {
            if case .null = try cell(column) { true } else { false }
        }
        func string(_ column: String) throws -> String {
            guard case .text(let value) = try cell(column) else { throw WrongType() }
            return value
        }
        func int64(_ column: String) throws -> Int64 {
            guard case .integer(let value) = try cell(column) else { throw WrongType() }
            return value
        }
        func bool(_ column: String) throws -> Bool {
            guard case .integer(let value) = try cell(column), value == 0 || value == 1 else { throw WrongType() }
            return value == 1
        }
        func data(_ column: String) throws -> Data {
            guard case .bytes(let value) = try cell(column) else { throw WrongType() }
            return value
        }

        init(cells: [String: Cell]) { self.cells = cells }

        /// The cells of `record`, as a database holds them: every column, NULL ones too.
        init<Record: FlatRecord>(_ record: Record) throws {
            let values = try record.columnValues().map { value -> Cell in
                switch value {
                case .null: .null
                case .text(let text): .text(text)
                case .integer(let integer): .integer(integer)
                case .bool(let bool): .integer(bool ? 1 : 0)
                case .bytes(let bytes): .bytes(Data(bytes))
                }
            }
            cells = Dictionary(uniqueKeysWithValues: zip(Record.columns, values))
        }
    }

    static let stored = EventLineFormatTests.full

    @Test func eventRecordKeepsEveryField() throws {
        let record = EventRecord(Self.stored)
        #expect(try record.stored() == Self.stored)
        #expect(record.choices == #"{"ad_storage":"denied","analytics":"granted"}"#)
        #expect(record.authenticatedBy == "keyless https://shop.example/")
        var bare = EventLineFormatTests.bare
        bare.sequence = 0
        #expect(try EventRecord(bare.event, link: bare.link).stored() == bare)
    }

    /// The columns of `consent_events`, in the order the migrations created them.
    @Test func eventColumnsAreTheTables() {
        #expect(
            EventRecord.columns == [
                "seq", "id", "property_id", "subject_key", "choices", "expires_at", "regime", "region", "locale", "policy_version",
                "policy_hash", "source", "gpc", "tc_string", "gpp_string", "ip_prefix", "user_agent", "client_time", "recorded_at",
                "idempotency_key", "authenticated_by", "kind", "linked_subject", "chain_id", "chain_position", "prev_hash",
                "hash", "form_ref", "origin",
            ])
    }

    @Test(arguments: [
        ("regime", "bogus"), ("source", "telepathy"), ("choices", "not json"), ("choices", #"{"analytics":"maybe"}"#),
        ("expires_at", #"{"analytics":"soon"}"#), ("authenticated_by", "somebody"),
        ("origin", "not json"), ("origin", "{}"), ("origin", #"{"unsubscribe":"carrier pigeon"}"#),
    ])
    func valueTheDomainCannotHoldIsCorrupt(_ column: String, _ value: String) throws {
        var fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(EventRecord(Self.stored))) as! [String: Any]
        fields[column] = value
        let record = try JSONDecoder().decode(EventRecord.self, from: JSONSerialization.data(withJSONObject: fields))
        #expect(throws: StoreError.corrupt("consent_events.\(column) is not valid")) { try record.stored() }
    }

    @Test func shortSubjectKeyIsCorrupt() {
        var record = EventRecord(Self.stored)
        record.subjectKey = Data([1, 2, 3])
        #expect(throws: StoreError.corrupt("consent_events.subject_key is not valid")) { try record.stored() }
    }

    @Test func eventRecordReadsFromARow() throws {
        var cells = try FakeRow(EventRecord(Self.stored)).cells
        cells["subject_key"] = .bytes(Data(Self.stored.event.subject.bytes))
        #expect(try EventRecord(row: FakeRow(cells: cells)).stored() == Self.stored)
    }

    /// A NULL where the column has none, a cell of another type or a missing column: reported, never trapped on.
    @Test(arguments: [
        ("recorded_at", FakeRow.Cell.text("yesterday")), ("policy_hash", .null), ("gpc", .integer(2)), ("subject_key", .text("k")),
        ("chain_position", .bytes(Data())),
    ])
    func unreadableCellIsCorrupt(_ column: String, _ cell: FakeRow.Cell) throws {
        var cells = try FakeRow(EventRecord(Self.stored)).cells
        cells["subject_key"] = .bytes(Data(Self.stored.event.subject.bytes))
        cells[column] = cell
        #expect(throws: StoreError.corrupt("consent_events.\(column) does not hold a valid value")) {
            try EventRecord(row: FakeRow(cells: cells))
        }
        cells[column] = nil
        #expect(throws: StoreError.corrupt("consent_events.\(column) does not hold a valid value")) {
            try EventRecord(row: FakeRow(cells: cells))
        }
    }

    /// One value per column, in column order, a nil as NULL in its place: what a prepared insert binds.
    @Test func columnValuesFollowTheColumns() throws {
        let bare = EventLineFormatTests.bare
        let values = try EventRecord(bare).columnValues()
        #expect(values.count == EventRecord.columns.count)
        let byColumn = Dictionary(uniqueKeysWithValues: zip(EventRecord.columns, values))
        #expect(byColumn["seq"] == .integer(1))
        #expect(byColumn["subject_key"] == .bytes(Data(bare.event.subject.bytes)))
        #expect(byColumn["region"] == .null)
        #expect(byColumn["gpc"] == .bool(false))
        #expect(byColumn["authenticated_by"] == .null)
        #expect(byColumn["hash"] == .text("h1"))
    }

    @Test func stateRecordKeepsEveryField() throws {
        let row = StateRow(
            property: "shop", subject: EventLineFormatTests.subject, purpose: "analytics",
            state: PurposeState(
                choice: .denied, since: Date(millisecondsSince1970: 7), expiresAt: nil, policyVersion: 2, eventID: EventID(rawValue: "e")))
        #expect(try StateRecord(row).row() == row)
        var bad = StateRecord(row)
        bad.choice = "maybe"
        #expect(throws: StoreError.corrupt("consent_state.choice is not valid")) { try bad.row() }
    }
}
