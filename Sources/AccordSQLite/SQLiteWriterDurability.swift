import AccordCore
import Foundation
import GRDB

/// Keeps the writer from committing a durable transaction without a sync.
///
/// `SQLiteConsentStore.relaxedWrite` sets the writer to `synchronous = NORMAL` for one transaction and back to
/// `FULL` after it. Should setting it back fail, the writer would sync no commit until it is set again; this
/// observer, registered on the writer for its whole life, refuses the commit of every other transaction
/// meanwhile (GRDB rolls a transaction back when `databaseWillCommit` throws), so a consent event is never
/// acknowledged without its sync. After such a rollback, and before the next `relaxedWrite`, the level is set again.
///
/// Its state is only touched on the writer's queue (GRDB runs one writer statement at a time), hence the
/// unchecked `Sendable`.
final class SQLiteWriterDurability: TransactionObserver, @unchecked Sendable {
    /// The writer's level may be `NORMAL` now: set before the pragma, cleared once `FULL` is read back.
    private(set) var relaxed = false
    /// The transaction now running may commit without a sync (`relaxedWrite`'s own).
    private var relaxedTransactionRunning = false
    /// Test seam: how many of the next restores of `FULL` fail as if SQLite had refused them.
    var failingRestores = 0

    /// Sets the writer to `NORMAL`, runs `body` in one transaction and sets `FULL` back, failing (after the
    /// body's commit) when the level cannot be restored; the writer then refuses durable commits until it is.
    func relaxedTransaction<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        try restoreIfNeeded(db)
        relaxed = true
        try db.execute(sql: "PRAGMA synchronous = NORMAL")
        let outcome = Result { () throws -> T in
            relaxedTransactionRunning = true
            defer { relaxedTransactionRunning = false }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            return result!
        }
        // Twice: a failure outside a transaction is not expected at all, and a second one is reported.
        do { try restoreIfNeeded(db) } catch { try restoreIfNeeded(db) }
        return try outcome.get()
    }

    /// Sets `FULL` again when a relaxed transaction may have left the writer below it, and reads it back.
    func restoreIfNeeded(_ db: Database) throws {
        guard relaxed else { return }
        if failingRestores > 0 {
            failingRestores -= 1
            throw StoreError.unavailable("the database writer could not be set back to synchronous = FULL")
        }
        try db.execute(sql: "PRAGMA synchronous = FULL")
        guard try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 else {
            throw StoreError.unavailable("the database writer could not be set back to synchronous = FULL")
        }
        relaxed = false
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) {}
    /// A refused commit was rolled back: set the level again now, so that only the writes that came while it could
    /// not be set fail, and the next one (a retry) commits with its sync.
    func databaseDidRollback(_ db: Database) {
        if relaxed && !relaxedTransactionRunning { try? restoreIfNeeded(db) }
    }

    func databaseWillCommit() throws {
        if relaxed && !relaxedTransactionRunning {
            throw StoreError.unavailable("the database writer is not syncing commits; this write was refused, retry it")
        }
    }
}
