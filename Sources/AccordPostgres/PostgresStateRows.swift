import AccordCore
import Foundation
import PostgresNIO

/// Reads `consent_state` rows by position (`SELECT \(StateRecord.selectList())` first, in that order) with one
/// typed decode of the whole row: no random-access row, no look-up of each column by name, no generic record
/// decoding (what a check reads per row; `FlatRecord` decoding was the largest part of a batch check's state read).
/// It fails as `StateRecord.init(row:)` and `StateRecord.row()` do: a cell of another type or NULL where the column
/// cannot be is `StoreError.corrupt("consent_state.<column> does not hold a valid value")`, a value the domain cannot
/// represent `... is not valid`.
enum PostgresStateRows {
    /// property, subject key, purpose, choice, since, expiry, policy version, event id, expiry notice.
    private typealias Cells = (String, ByteBuffer, String, String, Int64, Int64?, Int64, String, String?)

    /// The row's state for one purpose, with its subject's key bytes (compared before a key is made of them).
    static func decode(_ row: PostgresRow) throws -> (property: String, subject: ByteBuffer, purpose: PurposeKey, state: PurposeState) {
        let cells: Cells
        do {
            cells = try row.decode(Cells.self)
        } catch let error as PostgresDecodingError {
            throw StoreError.corrupt("\(StateRecord.table).\(error.columnName) does not hold a valid value")
        }
        let (property, subject, purpose, choiceText, since, expiresAt, version, eventID, noticeText) = cells
        guard let choice = ConsentChoice(rawValue: choiceText) else { throw invalid("choice") }
        guard let policyVersion = Int(exactly: version) else { throw mistyped("policy_version") }
        var notice: EventKind?
        if let noticeText {
            guard let kind = EventKind(rawValue: noticeText) else { throw invalid("expiry_notice") }
            notice = kind
        }
        return (
            property, subject, PurposeKey(rawValue: purpose),
            PurposeState(
                choice: choice, since: Date(millisecondsSince1970: since),
                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), policyVersion: policyVersion,
                eventID: EventID(rawValue: eventID), notice: notice)
        )
    }

    /// The key of the subject's bytes; `... is not valid` unless there are 32.
    static func subjectKey(_ bytes: ByteBuffer) throws -> SubjectKey {
        guard let key = SubjectKey(bytes: Array(bytes.readableBytesView)) else { throw invalid("subject_key") }
        return key
    }

    private static func mistyped(_ column: String) -> StoreError {
        .corrupt("\(StateRecord.table).\(column) does not hold a valid value")
    }

    private static func invalid(_ column: String) -> StoreError {
        .corrupt("\(StateRecord.table).\(column) is not valid")
    }
}

extension PostgresRowSequence {
    /// Every row as a state row; the statement selects `StateRecord.selectList()` (with any alias) first.
    func stateRows() async throws -> [StateRow] {
        var result: [StateRow] = []
        for try await row in self {
            let cells = try PostgresStateRows.decode(row)
            result.append(
                StateRow(
                    property: PropertyID(rawValue: cells.property), subject: try PostgresStateRows.subjectKey(cells.subject),
                    purpose: cells.purpose, state: cells.state))
        }
        return result
    }

    /// The rows folded by subject: what a check reads. A subject's rows are usually adjacent, and its key is made
    /// once per run of them.
    func states() async throws -> [SubjectKey: ConsentState] {
        var result: [SubjectKey: ConsentState] = [:]
        var current: SubjectKey?
        var purposes: [PurposeKey: PurposeState] = [:]
        func flush() {
            guard let current else { return }
            if result[current] == nil {
                result[current] = ConsentState(purposes: purposes)
            } else {
                result[current]!.purposes.merge(purposes) { _, new in new }
            }
        }
        for try await row in self {
            let cells = try PostgresStateRows.decode(row)
            if !(current.map { cells.subject.readableBytesView.elementsEqual($0.bytes) } ?? false) {
                flush()
                purposes = [:]
                current = try PostgresStateRows.subjectKey(cells.subject)
            }
            purposes[cells.purpose] = cells.state
        }
        flush()
        return result
    }
}
