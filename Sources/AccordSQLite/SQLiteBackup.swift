import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// Copies the live database into a new file at `path` with SQLite's online backup, in one step under one read
    /// snapshot: a consistent copy of what was committed when it started, while writers go on. The copy is
    /// written beside `path` and renamed into place, so `path` never holds half a backup.
    public func backup(to path: String) async throws {
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        do {
            let destination = try DatabaseQueue(path: partial)
            try pool.backup(to: destination)
            try destination.close()
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw SQLiteErrors.translate(error)
        }
    }

    /// Replaces this database's whole contents with those of the backup at `path`, in one step: readers see the old
    /// or the new database, never a mix. Only for a database no server has open (`SQLiteLiveness`).
    public func restore(from path: String) async throws {
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let source = try DatabaseQueue(path: path, configuration: configuration)
            let tables = try await source.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'") }
            guard tables.contains("consent_events"), tables.contains("chain_heads") else {
                throw StoreError.corrupt("\(path) is not an Accord database")
            }
            try source.backup(to: pool)
            try source.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw SQLiteErrors.translate(error)
        }
    }
}

/// Whether another process has a SQLite database open, read from the locks SQLite itself holds: in WAL mode every
/// connection keeps a shared lock on byte 128 of the `-shm` file (the "dead man switch") for as long as it is
/// open. `accord restore` refuses while a server holds it, without any lock file of Accord's own.
public enum SQLiteLiveness {
    /// True when a process other than this one has the database at `path` open.
    public static func isOpenElsewhere(path: String) -> Bool {
        let descriptor = open(path + "-shm", O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var lock = flock()
        lock.l_type = Int16(F_WRLCK)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 128
        lock.l_len = 1
        guard fcntl(descriptor, F_GETLK, &lock) == 0 else { return false }
        return lock.l_type != Int16(F_UNLCK)
    }
}
