import AccordCore
import AccordPostgres
import Foundation
import GRDB
import Logging
import PostgresNIO

/// Runs SQL connectors (issue 14 §2): opens the organisation's PostgreSQL or SQLite database, and finds, reads or
/// erases a subject's rows in one transaction, so a failed run leaves the database untouched.
public struct SQLConnectorRunner: ConnectorRunner {
    let logger: Logger

    public init(logger: Logger = Logger(label: "accord.connectors")) { self.logger = logger }

    public func run(
        kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode
    ) async throws -> ConnectorOutcome {
        try await run(kind: kind, connection: connection, dataset: dataset, identities: identities, mode: mode) { $0 }
    }

    public func run(
        kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode,
        beforeCommit: @escaping @Sendable (ConnectorOutcome) async throws -> ConnectorOutcome
    ) async throws -> ConnectorOutcome {
        if let problem = ConnectionString.problem(connection, kind: kind) { throw ConnectorError.badConnection(problem) }
        switch kind {
        case .sqlite:
            return try await SQLiteTables.run(path: ConnectionString.sqlitePath(connection)!) { tables in
                try await beforeCommit(try await ConnectorWork.perform(mode, identities: identities, dataset: dataset, tables: tables))
            }
        case .postgres:
            return try await PostgresTables.run(url: connection, logger: logger) { tables in
                try await beforeCommit(try await ConnectorWork.perform(mode, identities: identities, dataset: dataset, tables: tables))
            }
        case .webhook, .manual: throw ConnectorError.badConnection("a \(kind.rawValue) connector has no database")
        }
    }
}

/// A name quoted for SQL (datasets only admit letters, digits and `_`; quoting keeps reserved words working).
func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

/// A SQLite file's tables inside one write transaction (`BEGIN IMMEDIATE` … `COMMIT`, `ROLLBACK` on any error).
struct SQLiteTables: ConnectorTables {
    let queue: DatabaseQueue

    static func run(path: String, _ body: (SQLiteTables) async throws -> ConnectorOutcome) async throws -> ConnectorOutcome {
        guard FileManager.default.fileExists(atPath: path) else { throw ConnectorError.unreachable("the SQLite file does not exist") }
        var configuration = Configuration()
        // The transaction spans several accesses to the queue, which only this run uses.
        configuration.allowsUnsafeTransactions = true
        configuration.busyMode = .timeout(10)
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ConnectorError.unreachable("the SQLite file cannot be opened")
        }
        defer { try? queue.close() }
        let tables = SQLiteTables(queue: queue)
        try await queue.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
        do {
            let outcome = try await body(tables)
            try await queue.writeWithoutTransaction { db in try db.execute(sql: "COMMIT") }
            return outcome
        } catch {
            try? await queue.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
            if error is ConnectorError || error is ConnectorStepAborted { throw error }
            throw ConnectorError.unreachable("the SQLite database refused a statement: \(Self.describe(error))")
        }
    }

    /// SQLite's own message (names tables and columns, never values: every value is a bound argument).
    static func describe(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "unknown error"
    }

    func rows(of table: String, where column: String, in values: [String], normalised: Bool, columns: [String]) async throws
        -> [ConnectorRow]
    {
        let match = normalised ? "lower(trim(CAST(\(quoted(column)) AS TEXT)))" : "CAST(\(quoted(column)) AS TEXT)"
        let select = columns.map { "CAST(\(quoted($0)) AS TEXT)" }.joined(separator: ", ")
        let marks = Array(repeating: "?", count: values.count).joined(separator: ", ")
        let sql = "SELECT \(select) FROM \(quoted(table)) WHERE \(match) IN (\(marks))"
        return try await queue.writeWithoutTransaction { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)).map { row in
                var result: ConnectorRow = [:]
                for (index, name) in columns.enumerated() { result[name] = .some(row[index] as String?) }
                return result
            }
        }
    }

    func update(_ table: String, key: [String: String], set values: [String: String?]) async throws -> Int {
        let columns = values.keys.sorted()
        let keys = key.keys.sorted()
        let sql =
            "UPDATE \(quoted(table)) SET " + columns.map { "\(quoted($0)) = ?" }.joined(separator: ", ") + " WHERE "
            + keys.map { "CAST(\(quoted($0)) AS TEXT) = ?" }.joined(separator: " AND ")
        let arguments = StatementArguments(columns.map { values[$0]! } + keys.map { key[$0] })
        return try await queue.writeWithoutTransaction { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    func delete(_ table: String, key: [String: String]) async throws -> Int {
        let keys = key.keys.sorted()
        let sql = "DELETE FROM \(quoted(table)) WHERE " + keys.map { "CAST(\(quoted($0)) AS TEXT) = ?" }.joined(separator: " AND ")
        return try await queue.writeWithoutTransaction { db in
            try db.execute(sql: sql, arguments: StatementArguments(keys.map { key[$0]! }))
            return db.changesCount
        }
    }
}

/// A PostgreSQL database's tables inside one transaction on one connection.
struct PostgresTables: ConnectorTables {
    let connection: PostgresConnection
    let logger: Logger

    static func run(url: String, logger: Logger, _ body: @escaping @Sendable (PostgresTables) async throws -> ConnectorOutcome)
        async throws -> ConnectorOutcome
    {
        let settings: PostgresConnectionSettings
        do {
            settings = try PostgresConnectionSettings(url: url, poolSize: 1)
        } catch {
            throw ConnectorError.badConnection(error.description)
        }
        var configuration = settings.clientConfiguration()
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: ConnectorOutcome?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                do {
                    return try await client.withTransaction(logger: logger) { connection in
                        try await body(PostgresTables(connection: connection, logger: logger))
                    }
                } catch let error as PostgresTransactionError {
                    if let inner = error.closureError as? ConnectorError { throw inner }
                    if let inner = error.closureError as? ConnectorStepAborted { throw inner }
                    throw ConnectorError.unreachable("the PostgreSQL database refused the run: \(Self.describe(error))")
                } catch let error as ConnectorError {
                    throw error
                } catch let error as ConnectorStepAborted {
                    throw error
                } catch {
                    throw ConnectorError.unreachable("the PostgreSQL database cannot be reached or read")
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let outcome = result { return outcome }
            }
            throw ConnectorError.unreachable("the PostgreSQL database did not answer")
        }
    }

    /// The server's message of the statement that failed (names, never values: every value is a bind), or a
    /// generic sentence when the connection itself failed.
    static func describe(_ error: PostgresTransactionError) -> String {
        for inner in [error.closureError, error.beginError, error.commitError] {
            if let psql = inner as? PSQLError, let message = psql.serverInfo?[.message] { return message }
        }
        return "the connection failed"
    }

    func rows(of table: String, where column: String, in values: [String], normalised: Bool, columns: [String]) async throws
        -> [ConnectorRow]
    {
        let match = normalised ? "lower(btrim(\(quoted(column))::text))" : "\(quoted(column))::text"
        let select = columns.map { "\(quoted($0))::text" }.joined(separator: ", ")
        var binds = PostgresBindings()
        binds.append(values)
        let query = PostgresQuery(unsafeSQL: "SELECT \(select) FROM \(quoted(table)) WHERE \(match) = ANY($1::text[])", binds: binds)
        var result: [ConnectorRow] = []
        for try await row in try await connection.query(query, logger: logger) {
            var decoded: ConnectorRow = [:]
            for (index, cell) in row.enumerated() { decoded[columns[index]] = .some(try cell.decode(String?.self)) }
            result.append(decoded)
        }
        return result
    }

    func update(_ table: String, key: [String: String], set values: [String: String?]) async throws -> Int {
        let columns = values.keys.sorted()
        let keys = key.keys.sorted()
        var binds = PostgresBindings()
        for column in columns {
            if let value = values[column]! { binds.append(value) } else { binds.appendNull() }
        }
        for column in keys { binds.append(key[column]!) }
        let sets = columns.enumerated().map { "\(quoted($1)) = $\($0 + 1)" }.joined(separator: ", ")
        let filter = keys.enumerated().map { "\(quoted($1))::text = $\(columns.count + $0 + 1)" }.joined(separator: " AND ")
        return try await count(PostgresQuery(unsafeSQL: "UPDATE \(quoted(table)) SET \(sets) WHERE \(filter) RETURNING 1", binds: binds))
    }

    func delete(_ table: String, key: [String: String]) async throws -> Int {
        let keys = key.keys.sorted()
        var binds = PostgresBindings()
        for column in keys { binds.append(key[column]!) }
        let filter = keys.enumerated().map { "\(quoted($1))::text = $\($0 + 1)" }.joined(separator: " AND ")
        return try await count(PostgresQuery(unsafeSQL: "DELETE FROM \(quoted(table)) WHERE \(filter) RETURNING 1", binds: binds))
    }

    private func count(_ query: PostgresQuery) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query, logger: logger) { count += 1 }
        return count
    }
}
