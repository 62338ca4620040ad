import AccordConnectors
import AccordCore
import Foundation
import GRDB
import Logging
import PostgresNIO
import Testing

/// Finding, reading and erasing a subject's rows in a real "shop" database, the same schema and data on a SQLite
/// file and on a PostgreSQL database made on the test server (`ACCORD_TEST_POSTGRES_URL`).
@Suite struct ConnectorErasureTests {
    static let schema = """
        CREATE TABLE addresses (id INTEGER PRIMARY KEY, street TEXT NOT NULL, city TEXT);
        CREATE TABLE staff (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, alt_email TEXT, full_name TEXT NOT NULL, ssn TEXT,
            password_hash TEXT, address_id INTEGER REFERENCES addresses(id), billing_address_id INTEGER REFERENCES addresses(id));
        CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
            agent_id INTEGER REFERENCES staff(id), shipping_address TEXT, total NUMERIC NOT NULL);
        CREATE TABLE order_items (order_id INTEGER NOT NULL REFERENCES orders(id), line INTEGER NOT NULL, product TEXT NOT NULL,
            gift_message TEXT, PRIMARY KEY (order_id, line));
        CREATE TABLE newsletter (id INTEGER PRIMARY KEY, email TEXT NOT NULL, topics TEXT);
        CREATE TABLE tickets (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id),
            staff_id INTEGER REFERENCES staff(id), body TEXT);
        CREATE TABLE logins (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), ip TEXT);
        INSERT INTO addresses VALUES (1, '1 Shared Street', 'Springfield'), (2, '2 Other Road', 'Shelbyville'),
            (3, '3 Far Lane', 'Ogdenville'), (5, '5 Billing Way', 'Springfield');
        INSERT INTO staff VALUES (1, 'Agent Smith');
        INSERT INTO customers VALUES (1, 'jane@x.com', 'jd@work.example', 'Jane Doe', '123-45-6789', 'bcrypt$abc', 1, 5),
            (2, 'bob@x.com', NULL, 'Bob Roe', '987-65-4321', 'bcrypt$def', 1, NULL),
            (3, 'jane+1@x.com', NULL, 'Jane Plus', NULL, NULL, 2, NULL),
            (4, 'jane@x.co', NULL, 'Jane Co', NULL, NULL, 3, NULL);
        INSERT INTO orders VALUES (10, 1, 1, '1 Shared Street', 25.50), (11, 1, NULL, '5 Billing Way', 10),
            (12, 2, 1, '1 Shared Street', 99), (13, 3, NULL, '2 Other Road', 5);
        INSERT INTO order_items VALUES (10, 1, 'tea', 'for Jane Doe'), (10, 2, 'cups', NULL), (11, 1, 'pot', NULL), (12, 1, 'tea', NULL);
        INSERT INTO newsletter VALUES (1, ' JANE@X.COM ', 'offers'), (2, 'jane+1@x.com', 'offers'), (3, 'jane@x.co', 'news');
        INSERT INTO tickets VALUES (1, 1, 1, 'Jane Doe asks about order 10'), (2, 2, 1, 'Bob asks');
        INSERT INTO logins VALUES (1, 1, '192.0.2.1'), (2, 1, '192.0.2.2'), (3, 3, '192.0.2.3');
        """

    static let dataset = """
        {"collections": {
          "customers": {"primaryKey": "id", "identities": {"email": ["email", "alt_email"]}, "onErase": "delete",
            "references": {"address_id": "addresses.id", "billing_address_id": "addresses.id"},
            "fields": {"email": {"categories": ["identifiers"], "erase": "null"}, "alt_email": {"categories": ["identifiers"]},
                       "full_name": {"categories": ["identifiers"], "erase": {"fixed": "erased"}},
                       "ssn": {"categories": ["sensitive.governmentId"], "erase": "hash"},
                       "password_hash": {"categories": ["sensitive.accountLogin"], "access": "withhold"}}},
          "addresses": {"primaryKey": "id", "onErase": "delete",
            "fields": {"street": {"categories": ["identifiers"], "erase": {"fixed": "erased"}}, "city": {"categories": ["geolocation"]}}},
          "staff": {"primaryKey": "id", "fields": {"name": {"categories": ["professional"], "erase": "keep"}}},
          "orders": {"primaryKey": "id", "references": {"customer_id": "customers.id", "agent_id": {"to": "staff.id", "include": false}},
            "onErase": "mask", "retain": {"exemption": "legalObligation", "note": "tax records, 7 years"},
            "fields": {"shipping_address": {"categories": ["identifiers"], "erase": "hash"}, "total": {"categories": ["commercial"], "erase": "keep"}}},
          "order_items": {"primaryKey": ["order_id", "line"], "references": {"order_id": "orders.id"}, "onErase": "delete",
            "fields": {"product": {"categories": ["commercial"], "erase": "keep"}, "gift_message": {"categories": ["identifiers"]}}},
          "newsletter": {"primaryKey": "id", "identities": {"email": "email"}, "onErase": "delete",
            "fields": {"email": {"categories": ["identifiers"], "erase": "hmac"}}},
          "tickets": {"primaryKey": "id", "references": {"customer_id": "customers.id", "staff_id": {"to": "staff.id", "include": false}},
            "onErase": "delete", "fields": {"body": {"categories": ["sensitive.communicationsContent"], "access": "disclose"}}},
          "logins": {"primaryKey": "id", "references": {"customer_id": "customers.id"}, "onErase": "delete",
            "fields": {"ip": {"categories": ["internetActivity"]}}}
        }}
        """

    static func decoded() throws -> Dataset { try JSONDecoder().decode(Dataset.self, from: Data(dataset.utf8)) }

    /// Runs the same checks on a database `make` prepared; `dump` answers every row of a table as text.
    static func exercise(kind: Connector.Kind, connection: String, dump: (String) async throws -> [String]) async throws {
        let dataset = try decoded()
        try DatasetValidator.validate(dataset)
        let runner = SQLConnectorRunner()
        let access = try await runner.run(kind: kind, connection: connection, dataset: dataset, identities: ["email": "Jane@X.com"], mode: .access)
        #expect(access.rows.found == 12)
        let customers = try #require(access.data["customers"])
        #expect(customers.rows.count == 1)
        #expect(customers.rows.first?["full_name"] == "Jane Doe")
        #expect(customers.rows.first?["ssn"] == nil && customers.rows.first?["password_hash"] == nil, "withheld columns never leave")
        #expect(customers.categories["ssn"] == nil)
        #expect(access.data["staff"] == nil, "an include: false row is not disclosed")
        #expect(access.data["orders"]?.rows.count == 2)
        #expect(access.data["order_items"]?.rows.count == 3)
        #expect(access.data["newsletter"]?.rows.count == 1)
        #expect(access.data["addresses"]?.rows.count == 2)
        #expect(access.data["tickets"]?.rows.first?["body"] == "Jane Doe asks about order 10")

        let erased = try await runner.run(kind: kind, connection: connection, dataset: dataset, identities: ["email": "jane@x.com"], mode: .erase)
        #expect(erased.rows == ConnectorRowCounts(found: 12, deleted: 7, masked: 2, kept: 2))
        #expect(erased.shared.map(\.collection) == ["addresses"])
        #expect(erased.shared.first?.rows == 1)
        #expect(erased.shared.first?.reason.contains("customers") == true)
        #expect(erased.retained.first == RetainedRows(collection: "orders", rows: 2, exemption: .legalObligation, note: "tax records, 7 years"))
        // The customer the kept orders still point to is masked, not deleted, and said so with the orders' exemption.
        #expect(erased.retained.dropFirst().map(\.collection) == ["customers"])
        #expect(erased.strategies["orders.shipping_address"] == "hash")
        #expect(erased.strategies["customers.full_name"] == "fixed")

        var everything: [String: [String]] = [:]
        for table in dataset.names { everything[table] = try await dump(table) }
        for line in everything.values.flatMap({ $0 }) {
            let fields = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            #expect(!fields.contains("jane@x.com"), "no row holds the subject's address: \(line)")
            #expect(!line.contains("Jane Doe") && !line.contains("jd@work.example") && !line.contains("123-45-6789"))
            #expect(!line.contains("5 Billing Way"))
        }
        #expect(everything["customers"]?.count == 4, "Jane's row is masked, not deleted: her retained orders point to it")
        #expect(everything["orders"]?.count == 4)
        #expect(everything["order_items"]?.count == 1)
        #expect(everything["tickets"]?.count == 1)
        #expect(everything["logins"]?.count == 1)
        #expect(everything["newsletter"]?.count == 2)
        #expect(everything["staff"] == ["1|Agent Smith"])
        #expect(everything["addresses"]?.contains("1|1 Shared Street|Springfield") == true, "the shared address is intact")
        #expect(everything["customers"]?.contains { $0.hasPrefix("3|jane+1@x.com|") } == true)
        #expect(everything["customers"]?.contains { $0.hasPrefix("4|jane@x.co|") } == true)

        let again = try await runner.run(kind: kind, connection: connection, dataset: dataset, identities: ["email": "jane@x.com"], mode: .erase)
        #expect(again.rows == ConnectorRowCounts(), "a re-run changes nothing")
    }

    @Test func aSQLiteShopIsReadAndErasedToTheLetter() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: Self.schema) }
        try await Self.exercise(kind: .sqlite, connection: "sqlite://\(path)") { table in
            try await queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map { row in
                    row.databaseValues.map { $0.isNull ? "" : String(describing: $0.storage.value ?? "") }.joined(separator: "|")
                }
            }
        }
        try queue.close()
    }

    @Test func aFailedStatementLeavesTheSQLiteFileUntouched() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: Self.schema) }
        // NOT NULL street erased to null: the statement fails after the deletions before it ran.
        var dataset = try Self.decoded()
        dataset.collections["addresses"]?.fields["street"]?.erase = .null
        await #expect(throws: ConnectorError.self) {
            _ = try await SQLConnectorRunner().run(
                kind: .sqlite, connection: "sqlite://\(path)", dataset: dataset, identities: ["email": "jane@x.com"], mode: .erase)
        }
        let counts = try await queue.read { db in
            try ["logins", "tickets", "order_items", "newsletter"].map { try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)")! }
        }
        #expect(counts == [3, 2, 4, 3])
        try queue.close()
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"] != nil))
    func aPostgresShopIsReadAndErasedToTheLetter() async throws {
        let base = try #require(ProcessInfo.processInfo.environment["ACCORD_TEST_POSTGRES_URL"])
        let name = "shop_\(UUID().uuidString.prefix(8).lowercased())"
        try await SchemaCheckTests.admin(base) { _ = try await $0.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: $1) }
        let url = try #require(SchemaCheckTests.replacingDatabase(base, with: name))
        do {
            try await SchemaCheckTests.admin(url) { client, logger in
                for statement in Self.schema.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) })
                where !statement.isEmpty {
                    _ = try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
            }
            try await Self.exercise(kind: .postgres, connection: url) { table in
                let lines = LinesBox()
                try await SchemaCheckTests.admin(url) { client, logger in
                    let rows = try await client.query(
                        PostgresQuery(
                            unsafeSQL:
                                "SELECT array_to_string(ARRAY(SELECT coalesce(v, '') FROM json_each_text(row_to_json(t)) AS j(k, v)), '|') FROM \(table) t ORDER BY 1"
                        ),
                        logger: logger)
                    for try await line in rows.decode(String.self) { lines.append(line) }
                }
                return lines.values
            }
        }
        try await SchemaCheckTests.admin(base) { _ = try await $0.query(PostgresQuery(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)"), logger: $1) }
    }
}

/// Lines collected inside a `@Sendable` closure.
final class LinesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var values: [String] { lock.withLock { lines } }
}
