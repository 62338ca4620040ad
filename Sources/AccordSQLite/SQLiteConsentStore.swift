import AccordCore
import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode, through GRDB.
///
/// Writers are serialised by SQLite itself; `append` is called with whole batches by the group committer,
/// so one transaction (and one fsync) carries many events. Writes run on GRDB's writer queue (`await`), so a
/// commit waiting for its fsync never holds a Swift concurrency thread.
///
/// Reads run synchronously on the calling thread: a read is microseconds of work on cached pages, less than the
/// hop to a reader queue and back. This cannot deadlock: no read closure waits for anything, each thread holds
/// at most one reader, and the pool has more readers than the machine has cores (the cooperative pool's size).
/// Mixing in asynchronous reads would break that argument, so this file has none. Every read is a single
/// statement, which SQLite runs on one snapshot by itself, so reads use `unsafeRead` and skip the explicit
/// read transaction (BEGIN/COMMIT cost a tenth of a check request's CPU when profiled).
public final class SQLiteConsentStore: ConsentStore {
    /// How hard SQLite syncs on commit. `full` survives power loss; `normal` survives process crashes only.
    public enum Durability: String, Sendable, CaseIterable {
        case full
        case normal
    }

    /// How much memory SQLite may hold per connection: its page cache and the file mapped for reads.
    public struct MemoryBudget: Hashable, Sendable {
        /// Page cache per connection, in KiB.
        public var pageCacheKiB: Int
        /// Bytes of the file read through mmap (0: none). Mapped pages count in the process's resident memory.
        public var mmapBytes: Int

        /// A budget of `pageCacheKiB` of cache and `mmapBytes` of mapped file per connection.
        public init(pageCacheKiB: Int, mmapBytes: Int) {
            self.pageCacheKiB = pageCacheKiB
            self.mmapBytes = mmapBytes
        }

        /// The server's: index pages in memory (64 MiB of page cache a connection) and reads through mmap (up to
        /// 256 MiB): the event and state indexes are keyed by random subject pseudonyms, so writes touch pages
        /// all over them.
        public static let server = MemoryBudget(pageCacheKiB: 65_536, mmapBytes: 268_435_456)
        /// A bulk command's (`accord import-consents`): 16 MiB of cache and no mmap, so the process's memory stays
        /// the same however large the database grows (pages beyond the cache come from the OS's file cache).
        public static let bulk = MemoryBudget(pageCacheKiB: 16_384, mmapBytes: 0)
    }

    let pool: DatabasePool
    public let path: String
    /// How hard the writer syncs on commit (`PRAGMA synchronous` on the writer connection).
    public let durability: Durability
    /// Refuses durable commits while a relaxed write could not set the writer back (`relaxedWrite`).
    let writerDurability = SQLiteWriterDurability()

    public init(path: String, durability: Durability = .full, memory: MemoryBudget = .server) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.maximumReaderCount = max(5, ProcessInfo.processInfo.activeProcessorCount + 2)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(Self.pragma(durability))")
            // See `MemoryBudget.server`.
            try db.execute(sql: "PRAGMA cache_size = -\(memory.pageCacheKiB)")
            try db.execute(sql: "PRAGMA mmap_size = \(memory.mmapBytes)")
            // A shredded vault entry's bytes are overwritten, not left in free pages (events are never deleted,
            // so this costs nothing elsewhere).
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        self.path = path
        self.durability = durability
        do {
            self.pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB's pool sets `synchronous = NORMAL` on its writer when it turns WAL on, after `prepareDatabase`
            // ran: without this the writer would commit without syncing whatever `durability` says.
            let guardian = writerDurability
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = \(Self.pragma(durability))")
                if durability == .full { db.add(transactionObserver: guardian, extent: .databaseLifetime) }
            }
        } catch {
            throw SQLiteErrors.translate(error)
        }
    }

    /// `PRAGMA synchronous`'s value for a durability.
    static func pragma(_ durability: Durability) -> String { durability == .full ? "FULL" : "NORMAL" }

    /// The writer's `PRAGMA synchronous` now (2 is FULL, 1 NORMAL): what its next commit does.
    public func writerSynchronous() async throws -> Int {
        try await guarded { try await pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } }
    }

    /// A write transaction whose commit does not wait for the disk, for data that may be lost on power loss
    /// without harm (webhook delivery's claims, outcomes and attempts: losing one means a message is sent again
    /// with the same id, which the receiver drops). In WAL mode a `NORMAL` commit writes its frames to the WAL
    /// without syncing; they become durable with the next `FULL` commit's sync of the same file, or a checkpoint.
    /// A process crash loses nothing (the frames are in the OS), only power loss or an OS crash before then can.
    /// The writer is set back to `durability` before anyone else's transaction runs on it; should that fail, this
    /// throws `StoreError.unavailable` (after the body's commit) and the writer refuses every durable commit until
    /// the next relaxed write sets it back (`SQLiteWriterDurability`). With `relaxed` false, an ordinary (durable)
    /// write.
    func relaxedWrite<T: Sendable>(_ relaxed: Bool = true, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard relaxed, durability == .full else { return try await pool.write(body) }
        let guardian = writerDurability
        return try await pool.writeWithoutTransaction { db in try guardian.relaxedTransaction(db, body) }
    }

    public func migrate() async throws {
        try await guarded { try SQLiteMigrations.migrator.migrate(self.pool) }
    }

    public func ping() async throws {
        try await guarded { try self.pool.unsafeRead { db in _ = try Int.fetchOne(db, sql: "SELECT 1") } }
    }

    /// Runs `body` and translates GRDB's errors into `StoreError` at this edge.
    func guarded<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteErrors.translate(error)
        }
    }
}

enum SQLiteErrors {
    static func translate(_ error: any Error) -> any Error {
        guard let error = error as? DatabaseError else { return error }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_FULL, .SQLITE_CANTOPEN, .SQLITE_READONLY:
            // The message is SQLite's own text, which carries no row data.
            return StoreError.unavailable(error.message ?? "\(error.resultCode)")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return StoreError.corrupt(error.message ?? "\(error.resultCode)")
        default:
            return StoreError.corrupt("\(error.resultCode): \(error.message ?? "")")
        }
    }
}
