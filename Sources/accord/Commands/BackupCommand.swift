import AccordCore
import AccordSQLite
import ArgumentParser
import Foundation

/// `accord backup FILE`: a consistent copy of a live SQLite database. PostgreSQL has its own tools (README: Backups).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the SQLite database to FILE while the server runs (online backup), then audit the copy.")

    @Argument(help: "The file to write; it must not exist yet")
    var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let target = absolute(file)
            guard !FileManager.default.fileExists(atPath: target) else { throw CLIError("\(file) already exists; choose a new file") }
            let directory = (target as NSString).deletingLastPathComponent
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw CLIError("cannot write \(file): \(directory) is not a writable directory")
            }
            let store = try await sqliteStore(database, mustExist: true, command: "backup")
            try await store.backup(to: target)
            // The copy is audited like the original would be: a backup that does not verify is no backup.
            let report = try await StoreAudit.run(try openSQLite(target))
            guard report.isClean else {
                throw CLIError("the backup at \(file) does not audit clean: \(report.chainFailure.map { "\($0)" } ?? "state differs")")
            }
            print("ok: backed up \(report.eventCount) events to \(file)")
        }
    }
}

/// `accord restore FILE`: puts a backup back in place of the configured SQLite database, refusing while a server has it open.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with a backup made by accord backup; refused while a server has it open.")

    @Argument(help: "The backup file")
    var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let source = absolute(file)
            guard FileManager.default.fileExists(atPath: source) else { throw CLIError("no backup at \(file)") }
            // Checked before opening it ourselves; a running server would go on with its old pages cached.
            let path = try await sqlitePath(database, command: "restore")
            if SQLiteLiveness.isOpenElsewhere(path: path) {
                throw CLIError("\(path) is open in another process (a running accord serve?); stop it before restoring")
            }
            // The backup is audited before anything is overwritten.
            let backup = try await StoreAudit.run(try openSQLite(source))
            guard backup.isClean else { throw CLIError("the backup at \(file) does not audit clean; nothing was restored") }
            let store = try await sqliteStore(database, mustExist: false, command: "restore")
            try await store.restore(from: source)
            let restored = try await StoreAudit.run(store)
            guard restored.isClean else { throw CLIError("the restored database does not audit clean") }
            print("ok: restored \(restored.eventCount) events from \(file) into \(path)")
        }
    }
}

/// `path` made absolute against the working directory.
func absolute(_ path: String) -> String {
    path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
}

/// Opens a SQLite file as a store, with the reason on one line when it cannot be.
func openSQLite(_ path: String) throws -> SQLiteConsentStore {
    do {
        return try SQLiteConsentStore(path: path)
    } catch {
        throw CLIError("cannot open \(path): \(error)")
    }
}

/// The configured database's file; PostgreSQL is refused with where to look instead.
func sqlitePath(_ database: DatabaseOptions, command: String) async throws -> String {
    let url = database.url(reader: try await ConfigSources.reader())
    guard case .sqlite(let path) = try DatabaseLocation(url) else {
        throw CLIError("accord \(command) works on SQLite; for PostgreSQL use pg_dump or continuous archiving (README: Backups)")
    }
    return path
}

/// The configured SQLite store, migrated.
func sqliteStore(_ database: DatabaseOptions, mustExist: Bool, command: String) async throws -> SQLiteConsentStore {
    // Refuses PostgreSQL with the reason before anything is opened.
    _ = try await sqlitePath(database, command: command)
    guard case .sqlite(let store) = try database.openStore(reader: try await ConfigSources.reader(), mustExist: mustExist) else {
        throw CLIError("accord \(command) works on SQLite")
    }
    try await store.migrate()
    return store
}
