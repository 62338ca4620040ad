import AccordCore
import Foundation
import Testing

/// `EventRecord` read cell by cell (the history read of every webhook sent) gives exactly what the synthesized
/// decoder gives: the same record, or a failure naming the same column.
@Suite struct EventRecordCellsTests {
    typealias FakeRow = FlatRecordTests.FakeRow

    /// What a read gave: the record, or the column its error named.
    enum Read: Equatable {
        case record(EventRecord)
        case failed(String)
    }

    static func read(_ body: () throws -> EventRecord) -> Read {
        do {
            return .record(try body())
        } catch let error as DecodingError {
            switch error {
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                return .failed(context.codingPath.first?.stringValue ?? "?")
            case .keyNotFound(let key, _): return .failed(key.stringValue)
            @unknown default: return .failed("?")
            }
        } catch {
            return .failed("not a decoding error: \(error)")
        }
    }

    static func rows() throws -> [FakeRow] {
        var rows: [FakeRow] = []
        for stored in [EventLineFormatTests.full, EventLineFormatTests.bare] {
            var cells = try FakeRow(EventRecord(stored)).cells
            cells["subject_key"] = .bytes(Data(stored.event.subject.bytes))
            rows.append(FakeRow(cells: cells))
            // Every column in turn NULL, of another type, or missing; and two columns wrong at once.
            for column in EventRecord.columns {
                for cell: FakeRow.Cell in [.null, .text("x"), .integer(2), .bytes(Data([1]))] {
                    var changed = cells
                    changed[column] = cell
                    rows.append(FakeRow(cells: changed))
                }
                var missing = cells
                missing[column] = nil
                rows.append(FakeRow(cells: missing))
                var two = cells
                two[column] = .bytes(Data())
                two["hash"] = .null
                rows.append(FakeRow(cells: two))
            }
        }
        return rows
    }

    @Test func everyRowReadsAsTheSynthesizedDecoderReadsIt() throws {
        let rows = try Self.rows()
        #expect(rows.count > 300)
        var failures = 0
        for row in rows {
            let direct = Self.read { try EventRecord(decoding: row) }
            #expect(direct == Self.read { try EventRecord(synthesizedDecoding: row) })
            if case .failed = direct { failures += 1 }
        }
        #expect(failures > 100)
    }
}
