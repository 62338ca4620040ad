import AccordConnectors
import AccordCore
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

/// `check` against real customer databases: a SQLite file made here and a PostgreSQL database created on the test
/// server (`ACCORD_TEST_POSTGRES_URL`).
@Suite struct SchemaCheckTests {
    static let tables = """
        CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, full_name TEXT, ssn VARCHAR(11));
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), shipping_address TEXT,
            total NUMERIC NOT NULL);
        """

    static let dataset = """
        {"collections": {
          "customers": {"primaryKey": "id", "identities": {"email": ["email", "alt_email"]},
            "fields": {"email": {"categories": ["identifiers"]}, "full_name": {"categories": ["identifiers"], "erase": {"fixed": "x"}},
                       "ssn": {"categories": ["sensitive.governmentId"], "erase": "hash"}}},
          "orders": {"primaryKey": "id", "references": {"customer_id": "customers.id"},
            "fields": {"shipping_address": {"categories": ["identifiers"], "erase": "random"}, "total": {"categories": ["commercial"], "erase": {"fixed": "0"}}}},
          "tickets": {"primaryKey": "id", "references": {"customer_id": "customers.id"}}
        }}
        """

    /// What is wrong with `dataset` against `tables`, on both databases alike.
    static let expected = [
        "customers.alt_email: no such column (identities.email)",
        "customers.email: erase \"null\" on a NOT NULL column; choose another strategy",
        "tickets: no such table",
    ]

    static func decoded() throws -> Dataset { try JSONDecoder().decode(Dataset.self, from: Data(dataset.utf8)) }

    @Test func aSQLiteFileIsCheckedColumnByColumn() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crm-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: Self.tables) }
        try queue.close()
        let schema = try await SQLSchemaReader().schema(kind: .sqlite, connection: "sqlite://\(path)", tables: try Self.decoded().names)
        #expect(schema.tables["customers"]?["ssn"]?.kind == .text)
        #expect(schema.tables["orders"]?["total"] == DatabaseSchema.Column(kind: .other, nullable: false, typeName: "NUMERIC"))
        var problems = DatasetCheck.problems(try Self.decoded(), in: schema)
        #expect(problems.contains("orders.total: erase fixed writes text into a NUMERIC column"))
        problems.removeAll { $0.hasPrefix("orders.total") }
        #expect(problems == Self.expected)
    }

    @Test func aMissingFileOrAWrongSchemeIsAClearError() async throws {
        await #expect(throws: ConnectorError.unreachable("the SQLite file does not exist")) {
            _ = try await SQLSchemaReader().schema(kind: .sqlite, connection: "sqlite:///nonexistent/crm.sqlite", tables: ["a"])
        }
        await #expect(throws: ConnectorError.self) {
            _ = try await SQLSchemaReader().schema(kind: .postgres, connection: "sqlite:///tmp/x.sqlite", tables: ["a"])
        }
    }

    @Test func anUnreachablePostgresIsAClearErrorWithoutTheURL() async throws {
        do {
            _ = try await SQLSchemaReader().schema(kind: .postgres, connection: "postgres://u:secretpw@127.0.0.1:1/shop", tables: ["a"])
            Issue.record("connected to nothing")
        } catch let error as ConnectorError {
            #expect(!error.description.contains("secretpw"))
        }
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"] != nil))
    func aPostgresDatabaseIsCheckedColumnByColumn() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"])
        let name = "shop_\(UUID().uuidString.prefix(8).lowercased())"
        try await Self.admin(base) { _ = try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: $1) }
        let url = try #require(Self.replacingDatabase(base, with: name))
        do {
            try await Self.admin(url) { client, logger in
                for statement in Self.tables.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !statement.isEmpty {
                    _ = try await client.query(
                        PostgresQuery(unsafeSQL: statement.replacingOccurrences(of: "INTEGER PRIMARY KEY", with: "integer PRIMARY KEY")),
                        logger: logger)
                }
            }
            let schema = try await SQLSchemaReader().schema(kind: .postgres, connection: url, tables: try Self.decoded().names)
            #expect(schema.tables["customers"]?["ssn"]?.kind == .text, "character varying is text")
            var problems = DatasetCheck.problems(try Self.decoded(), in: schema)
            #expect(problems.contains("orders.total: erase fixed writes text into a numeric column"))
            problems.removeAll { $0.hasPrefix("orders.total") }
            #expect(problems == Self.expected)
        }
        try await Self.admin(base) { _ = try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: $1) }
    }

    static func replacingDatabase(_ url: String, with name: String) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        components.path = "/\(name)"
        return components.string
    }

    static func admin(_ url: String, _ body: @Sendable (PostgresClient, Logger) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        guard let components = URLComponents(string: url), let host = components.host else { return }
        let configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres", password: components.password,
            database: String(components.path.dropFirst()), tls: .disable)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client, logger)
        }
    }
}
