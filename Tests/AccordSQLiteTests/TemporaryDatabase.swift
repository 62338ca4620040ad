import AccordSQLite
import Foundation
import GRDB

/// A fresh SQLite file in the temporary directory, removed with its WAL files when the test ends.
struct TemporaryDatabase {
    let path: String

    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-test-\(UUID().uuidString).sqlite").path
    }

    func open(durability: SQLiteConsentStore.Durability = .normal) async throws -> SQLiteConsentStore {
        let store = try SQLiteConsentStore(path: path, durability: durability)
        try await store.migrate()
        return store
    }

    func remove() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

extension TemporaryDatabase {
    /// A SQLite file with one unrelated table.
    static func plainSQLite(at path: String) async throws {
        try await GRDB.DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
    }
}
