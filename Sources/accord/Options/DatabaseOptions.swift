import AccordCore
import AccordPostgres
import AccordSQLite
import ArgumentParser
import Configuration
import Foundation
import Logging

/// `--database-url` (or `DATABASE_URL`, or `database.url` in `.env`), shared by every command that
/// touches the database. Default: `accord.sqlite` in the working directory, as `serve` uses.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: "sqlite:///abs/path.sqlite, sqlite://relative.sqlite or postgres://user:pass@host:port/db (env DATABASE_URL)")
    var databaseURL: String?

    @Option(
        name: .customLong("database-sqlite-synchronous"),
        help: "full (default, survives power loss) or normal (env DATABASE_SQLITE_SYNCHRONOUS)")
    var sqliteSynchronous: String?

    /// The flag's earlier name, still accepted with a warning.
    @Option(name: .customLong("sqlite-synchronous"), help: .hidden)
    var deprecatedSQLiteSynchronous: String?

    /// The configured database URL, from the flag, the environment or `.env`.
    func url(reader: ConfigReader) -> String {
        databaseURL ?? reader.string(forKey: "database.url", default: "sqlite://accord.sqlite")
    }

    /// Opens the configured store. `mustExist` refuses to create a new, empty database (for audits).
    /// A PostgreSQL store needs its connection pool running: see `ConfiguredStore`. `memory` is SQLite's budget.
    func openStore(
        reader: ConfigReader, mustExist: Bool, logger: Logger = .quiet, memory: SQLiteConsentStore.MemoryBudget = .server
    ) throws -> ConfiguredStore {
        let url = url(reader: reader)
        let location = try DatabaseLocation(url)
        switch location {
        case .sqlite(let path):
            if mustExist && !FileManager.default.fileExists(atPath: path) {
                throw CLIError("no database at \(path)")
            }
            if deprecatedSQLiteSynchronous != nil {
                DeprecatedKey.warn("flag --sqlite-synchronous", use: "--database-sqlite-synchronous")
            }
            let mode =
                sqliteSynchronous ?? deprecatedSQLiteSynchronous
                ?? DeprecatedKey.string(reader, "database.sqlite.synchronous", formerly: "db.sqlite.synchronous") ?? "full"

            guard let durability = SQLiteConsentStore.Durability(rawValue: mode) else {
                throw CLIError("sqlite synchronous mode must be full or normal, not '\(mode)'")
            }
            do {
                return .sqlite(try SQLiteConsentStore(path: path, durability: durability, memory: memory))
            } catch {
                throw CLIError("cannot open \(path): \(error)")
            }
        case .postgres(var settings):
            settings.poolSize =
                DeprecatedKey.int(reader, "database.postgres.poolSize", formerly: "db.postgres.poolSize") ?? settings.poolSize
            guard settings.poolSize > 0 else { throw CLIError("database.postgres.poolSize must be at least 1") }
            return .postgres(PostgresConsentStore(settings: settings, logger: logger))
        }
    }
}

/// Where the data lives, parsed from a database URL.
enum DatabaseLocation: Equatable {
    case sqlite(path: String)
    case postgres(PostgresConnectionSettings)

    init(_ url: String) throws {
        if url.hasPrefix("sqlite:///") {
            self = .sqlite(path: String(url.dropFirst("sqlite://".count)))
        } else if url.hasPrefix("sqlite://") {
            let relative = String(url.dropFirst("sqlite://".count))
            guard !relative.isEmpty else { throw CLIError("database url '\(url)' names no file") }
            self = .sqlite(path: FileManager.default.currentDirectoryPath + "/" + relative)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            do {
                self = .postgres(try PostgresConnectionSettings(url: url))
            } catch {
                throw CLIError("\(error)")
            }
        } else {
            // Only the scheme is echoed: the rest may hold a password.
            let scheme = url.split(separator: ":", maxSplits: 1).first ?? ""
            throw CLIError("database url must start with sqlite://, postgres:// or postgresql:// (got '\(scheme.prefix(12)):...')")
        }
    }
}

/// Runs a command body, printing `error: <message>` on one line and exiting 1 on failure.
func runReportingErrors(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}
