import AccordCore
import Foundation
import GRDB
import GRDBSQLite

/// Reads `consent_state` rows for the check and the append planner straight from the SQLite statement: each cell's
/// storage class is asked for and its bytes read in place, with no `Row` copy, no `DatabaseValue` per cell and no
/// generic record decoding (`FlatRecord` with its metadata look-ups was 13 % of a 500-subject check's server CPU, the
/// per-cell copies another 8 %: `perf`, release build). It reads what `StateRecord.init(row:)` and `StateRecord.row()`
/// read and fails the same way: a cell of another storage class is `StoreError.corrupt("consent_state.<column> does
/// not hold a valid value")`, a value the domain cannot represent `... is not valid`.
enum SQLiteStateRows {
    /// The columns the reads select, in this order (`property_id` is the statement's own argument).
    static let columnList = "subject_key, purpose_key, choice, since, expires_at, policy_version, event_id, expiry_notice"
    private enum Column: CInt {
        case subjectKey, purposeKey, choice, since, expiresAt, policyVersion, eventID, expiryNotice

        var name: String {
            switch self {
            case .subjectKey: "subject_key"
            case .purposeKey: "purpose_key"
            case .choice: "choice"
            case .since: "since"
            case .expiresAt: "expires_at"
            case .policyVersion: "policy_version"
            case .eventID: "event_id"
            case .expiryNotice: "expiry_notice"
            }
        }
    }

    /// `,?` 999 times: the `IN` list's placeholders for up to 1,000 subjects are a prefix of it.
    private static let placeholders = String(repeating: ",?", count: 999)

    /// The states of `subjects` in `property`, read with one statement (cached per number of subjects). The keys are
    /// bound straight from one contiguous copy of their bytes (`SQLITE_STATIC`) and the statement stepped here: no
    /// `Data` and `DatabaseValue` per subject, no `StatementArguments` array, no SQLite copy of each key.
    static func states(of subjects: [SubjectKey], in property: PropertyID, db: Database) throws -> [SubjectKey: ConsentState] {
        guard !subjects.isEmpty else { return [:] }
        var sql = "SELECT \(columnList) FROM consent_state WHERE property_id = ? AND subject_key IN (?"
        let extra = subjects.count - 1
        if extra <= 999 {
            sql +=
                placeholders.utf8.prefix(2 * extra).withContiguousStorageIfAvailable { String(decoding: $0, as: UTF8.self) }
                ?? String(repeating: ",?", count: extra)
        } else {
            sql += String(repeating: ",?", count: extra)
        }
        sql += ")"
        let statement = try db.cachedStatement(sql: sql)
        var keyBytes: [UInt8] = []
        keyBytes.reserveCapacity(32 * subjects.count)
        for subject in subjects { keyBytes.append(contentsOf: subject.bytes) }
        var result: [SubjectKey: ConsentState] = [:]
        result.reserveCapacity(subjects.count)
        func deliver(_ subject: SubjectKey, _ purposes: [PurposeKey: PurposeState]) {
            if result[subject] == nil {
                result[subject] = ConsentState(purposes: purposes)
            } else {
                result[subject]!.purposes.merge(purposes) { _, new in new }
            }
        }
        var runs = Runs()
        let handle = statement.sqliteStatement
        try keyBytes.withUnsafeBytes { keys in
            var propertyID = property.rawValue
            try propertyID.withUTF8 { propertyBytes in
                // Bound for this run only: reset and cleared below, before the buffers go, whatever happens.
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
                defer {
                    sqlite3_reset(handle)
                    sqlite3_clear_bindings(handle)
                }
                // A null pointer would bind NULL, not an empty text.
                let empty: StaticString = ""
                let text = UnsafeRawPointer(propertyBytes.baseAddress ?? empty.utf8Start).assumingMemoryBound(to: CChar.self)
                var code = sqlite3_bind_text(handle, 1, text, CInt(propertyBytes.count), nil)
                for index in subjects.indices where code == SQLITE_OK {
                    code = sqlite3_bind_blob(handle, CInt(index + 2), keys.baseAddress! + 32 * index, 32, nil)
                }
                guard code == SQLITE_OK else { throw failure(code, db, sql) }
                while true {
                    code = sqlite3_step(handle)
                    if code == SQLITE_DONE { break }
                    guard code == SQLITE_ROW else { throw failure(code, db, sql) }
                    try runs.row(handle, deliver: deliver)
                }
                try runs.finish(deliver: deliver)
            }
        }
        return result
    }

    /// A failed bind or step as GRDB reports it, so the store translates it as any other (`SQLiteErrors`).
    private static func failure(_ code: CInt, _ db: Database, _ sql: String) -> DatabaseError {
        let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    /// The state rows of one subject, as the append planner reads them.
    static func rows(of subject: SubjectRef, db: Database) throws -> [StateRow] {
        let statement = try db.cachedStatement(
            sql: "SELECT \(columnList) FROM consent_state WHERE property_id = ? AND subject_key = ?")
        var rows: [StateRow] = []
        try read(statement, arguments: [subject.property.rawValue, Data(subject.subject.bytes)]) { key, purposes in
            for (purpose, state) in purposes {
                rows.append(StateRow(property: subject.property, subject: key, purpose: purpose, state: state))
            }
        }
        return rows
    }

    /// Steps `statement` and hands over each run of rows of one subject (rows come in primary-key order, so a
    /// subject's rows are adjacent; were they not, a subject would only be handed over more than once).
    private static func read(
        _ statement: Statement, arguments: StatementArguments,
        subject deliver: (SubjectKey, [PurposeKey: PurposeState]) throws -> Void
    ) throws {
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        var runs = Runs()
        while try cursor.next() != nil { try runs.row(statement.sqliteStatement, deliver: deliver) }
        try runs.finish(deliver: deliver)
    }

    /// Gathers the rows of each run of one subject's rows and hands the run over when the next subject's begins.
    private struct Runs {
        private var current: SubjectKey?
        private var purposes: [PurposeKey: PurposeState] = [:]

        /// Takes the statement's current row; hands the previous subject's run to `deliver` when this one begins another.
        mutating func row(_ handle: SQLiteStatement, deliver: (SubjectKey, [PurposeKey: PurposeState]) throws -> Void) throws {
            let current = self.current
            let same = try withBlob(handle, .subjectKey) { bytes in current.map { equal(bytes, $0) } ?? false }
            if !same {
                if let current { try deliver(current, purposes) }
                purposes = [:]
                self.current = try withBlob(handle, .subjectKey) { bytes in
                    guard let key = SubjectKey(bytes: Array(bytes)) else { throw invalid(.subjectKey) }
                    return key
                }
            }
            let (purpose, state) = try purposeState(handle)
            purposes[purpose] = state
        }

        /// Hands over the last run.
        mutating func finish(deliver: (SubjectKey, [PurposeKey: PurposeState]) throws -> Void) throws {
            if let current { try deliver(current, purposes) }
            current = nil
        }
    }

    /// Whether a cell's bytes are a key's (`memcmp`; the generic `elementsEqual` went byte by byte).
    private static func equal(_ bytes: UnsafeRawBufferPointer, _ key: SubjectKey) -> Bool {
        key.bytes.withUnsafeBytes { other in
            bytes.count == other.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, other.baseAddress!, bytes.count) == 0)
        }
    }

    /// Whether a cell's bytes are `text`'s, by length and `memcmp` (`elementsEqual` against a `String.UTF8View`
    /// went byte by byte through the view's iterator: 2.5 % of a 1,000-subject check's server CPU).
    private static func matches(_ bytes: UnsafeRawBufferPointer, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount && (bytes.isEmpty || memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0)
    }

    private static func purposeState(_ handle: SQLiteStatement) throws -> (PurposeKey, PurposeState) {
        let purpose = PurposeKey(rawValue: try text(handle, .purposeKey))
        let choice: ConsentChoice = try withText(handle, .choice) { bytes in
            if matches(bytes, "granted") { return .granted }
            if matches(bytes, "denied") { return .denied }
            throw invalid(.choice)
        }
        let since = try integer(handle, .since)
        let expiresAt = isNull(handle, .expiresAt) ? nil : try integer(handle, .expiresAt)
        guard let policyVersion = Int(exactly: try integer(handle, .policyVersion)) else { throw mistyped(.policyVersion) }
        let eventID: String
        switch sqlite3_column_type(handle, Column.eventID.rawValue) {
        case SQLITE_BLOB:
            // The compact form (`SQLiteCompactCells.storedEventID`): a lowercase UUID's 16 bytes.
            eventID = try withBlob(handle, .eventID) { bytes in
                guard bytes.count == 16 else { throw mistyped(.eventID) }
                return uuidText(bytes)
            }
        case SQLITE_TEXT: eventID = try text(handle, .eventID)
        default: throw mistyped(.eventID)
        }
        var notice: EventKind?
        if !isNull(handle, .expiryNotice) {
            guard let kind = EventKind(rawValue: try text(handle, .expiryNotice)) else { throw invalid(.expiryNotice) }
            notice = kind
        }
        return (
            purpose,
            PurposeState(
                choice: choice, since: Date(millisecondsSince1970: since),
                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), policyVersion: policyVersion,
                eventID: EventID(rawValue: eventID), notice: notice)
        )
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lowercase UUID text of 16 bytes, as `SQLiteCompactCells.eventIDText` writes it, in one allocation.
    static func uuidText(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { text in
            var out = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    text[out] = UInt8(ascii: "-")
                    out += 1
                }
                text[out] = digits[Int(bytes[index] >> 4)]
                text[out + 1] = digits[Int(bytes[index] & 15)]
                out += 2
            }
            return out
        }
    }

    // MARK: Cells

    private static func isNull(_ handle: SQLiteStatement, _ column: Column) -> Bool {
        sqlite3_column_type(handle, column.rawValue) == SQLITE_NULL
    }

    private static func integer(_ handle: SQLiteStatement, _ column: Column) throws -> Int64 {
        guard sqlite3_column_type(handle, column.rawValue) == SQLITE_INTEGER else { throw mistyped(column) }
        return sqlite3_column_int64(handle, column.rawValue)
    }

    private static func text(_ handle: SQLiteStatement, _ column: Column) throws -> String {
        try withText(handle, column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text cell's bytes, valid only inside `body`.
    private static func withText<T>(_ handle: SQLiteStatement, _ column: Column, _ body: (UnsafeRawBufferPointer) throws -> T)
        throws -> T
    {
        // `sqlite3_column_text` before `sqlite3_column_bytes`, as SQLite's documentation orders them.
        try withCell(handle, column, storedAs: SQLITE_TEXT, start: { UnsafeRawPointer(sqlite3_column_text($0, $1)) }, body)
    }

    /// The blob cell's bytes, valid only inside `body`.
    private static func withBlob<T>(_ handle: SQLiteStatement, _ column: Column, _ body: (UnsafeRawBufferPointer) throws -> T)
        throws -> T
    {
        try withCell(handle, column, storedAs: SQLITE_BLOB, start: sqlite3_column_blob, body)
    }

    /// A cell's bytes after checking its storage class: `start` (SQLite's text or blob accessor) first, then its
    /// length, so the length counts the bytes of the form `start` gave.
    private static func withCell<T>(
        _ handle: SQLiteStatement, _ column: Column, storedAs storageClass: Int32,
        start: (SQLiteStatement, Int32) -> UnsafeRawPointer?, _ body: (UnsafeRawBufferPointer) throws -> T
    ) throws -> T {
        guard sqlite3_column_type(handle, column.rawValue) == storageClass else { throw mistyped(column) }
        let pointer = start(handle, column.rawValue)
        let count = Int(sqlite3_column_bytes(handle, column.rawValue))
        return try body(UnsafeRawBufferPointer(start: pointer, count: pointer == nil ? 0 : count))
    }

    private static func mistyped(_ column: Column) -> StoreError {
        .corrupt("\(StateRecord.table).\(column.name) does not hold a valid value")
    }

    private static func invalid(_ column: Column) -> StoreError {
        .corrupt("\(StateRecord.table).\(column.name) is not valid")
    }
}
