import AccordCore
import AccordPostgres
import Foundation
import GRDB
import Logging
import PostgresNIO

/// Reads table columns from the organisation's PostgreSQL (information_schema, the connection's current schema)
/// and SQLite databases (PRAGMA table_info, the file opened read-only) for `check`.
public struct SQLSchemaReader: ConnectorSchemaReader {
    let logger: Logger

    public init(logger: Logger = Logger(label: "accord.connectors")) { self.logger = logger }

    public func schema(kind: Connector.Kind, connection: String, tables: [String]) async throws -> DatabaseSchema {
        if let problem = ConnectionString.problem(connection, kind: kind) { throw ConnectorError.badConnection(problem) }
        switch kind {
        case .sqlite: return try sqlite(path: ConnectionString.sqlitePath(connection)!, tables: tables)
        case .postgres: return try await postgres(url: connection, tables: tables)
        case .webhook, .manual: throw ConnectorError.badConnection("a \(kind.rawValue) connector has no database")
        }
    }

    func sqlite(path: String, tables: [String]) throws -> DatabaseSchema {
        guard FileManager.default.fileExists(atPath: path) else { throw ConnectorError.unreachable("the SQLite file does not exist") }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                var result: [String: [String: DatabaseSchema.Column]] = [:]
                for table in tables {
                    let rows = try Row.fetchAll(db, sql: "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?)", arguments: [table])
                    guard !rows.isEmpty else { continue }
                    var columns: [String: DatabaseSchema.Column] = [:]
                    for row in rows {
                        let name: String = row["name"]
                        let type: String = row["type"] ?? ""
                        let notNull: Int = row["notnull"] ?? 0
                        columns[name] = DatabaseSchema.Column(
                            kind: Self.sqliteKind(type), nullable: notNull == 0, typeName: type.isEmpty ? "untyped" : type)
                    }
                    result[table] = columns
                }
                return DatabaseSchema(tables: result)
            }
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError.unreachable("the SQLite file cannot be read")
        }
    }

    /// SQLite's affinity rules (section 3.1 of its datatype page): a declared type with CHAR, CLOB or TEXT has text
    /// affinity; an untyped column takes anything.
    static func sqliteKind(_ type: String) -> DatabaseSchema.Kind {
        let upper = type.uppercased()
        if upper.isEmpty || upper.contains("CHAR") || upper.contains("CLOB") || upper.contains("TEXT") { return .text }
        return .other
    }

    func postgres(url: String, tables: [String]) async throws -> DatabaseSchema {
        let settings: PostgresConnectionSettings
        do {
            settings = try PostgresConnectionSettings(url: url, poolSize: 1)
        } catch {
            throw ConnectorError.badConnection(error.description)
        }
        var configuration = settings.clientConfiguration()
        configuration.options.connectTimeout = .seconds(5)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: DatabaseSchema?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            group.addTask {
                try await Self.read(client, tables: tables, logger: logger)
            }
            group.addTask {
                try await Task.sleep(for: .seconds(10))
                throw ConnectorError.unreachable("the PostgreSQL database did not answer within 10 seconds")
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let schema = result { return schema }
            }
            throw ConnectorError.unreachable("the PostgreSQL database did not answer")
        }
    }

    static func read(_ client: PostgresClient, tables: [String], logger: Logger) async throws -> DatabaseSchema {
        do {
            let rows = try await client.query(
                """
                SELECT table_name::text, column_name::text, data_type::text, is_nullable::text FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ANY(\(tables)::text[])
                """,
                logger: logger)
            var result: [String: [String: DatabaseSchema.Column]] = [:]
            for try await (table, column, type, nullable) in rows.decode((String, String, String, String).self) {
                let kind: DatabaseSchema.Kind = ["text", "character varying", "character", "citext"].contains(type) ? .text : .other
                result[table, default: [:]][column] = DatabaseSchema.Column(kind: kind, nullable: nullable == "YES", typeName: type)
            }
            return DatabaseSchema(tables: result)
        } catch {
            // PostgresNIO's errors describe themselves generically; still, never pass on text that might hold the URL.
            throw ConnectorError.unreachable("the PostgreSQL database cannot be reached or read")
        }
    }
}
