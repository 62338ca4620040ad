import AccordPostgres
import Foundation
import PostgresNIO
import Testing

/// The PostgreSQL server the tests use: `ACCORD_TEST_POSTGRES_URL` (scripts/test.sh starts one and sets it).
///
/// Without it the suites are skipped, except under CI or `ACCORD_REQUIRE_POSTGRES=1`, where they run and
/// fail, so the PostgreSQL contract is never silently skipped there.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment
    static let url = environment["ACCORD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let isRequired = environment["CI"] != nil || environment["ACCORD_REQUIRE_POSTGRES"] == "1"
    /// Run when there is a database, or when one is required (and its absence must fail).
    static let shouldRun = url != nil || isRequired

    static let skipNotice: Comment = """
        PostgreSQL suites skipped: ACCORD_TEST_POSTGRES_URL is not set \
        (scripts/test.sh starts a server and sets it; CI and ACCORD_REQUIRE_POSTGRES=1 make this a failure)
        """

    /// Quiet: the pool logs each connection it opens and closes at info level.
    static var logger: Logger {
        var logger = Logger(label: "accord.test")
        logger.logLevel = .error
        return logger
    }

    static func settings() throws -> PostgresConnectionSettings {
        guard let url else {
            throw MissingDatabase()
        }
        var settings = try PostgresConnectionSettings(url: url, poolSize: 3)
        // Production answers 503 after 5 s; the suites share two cores with hundreds of parallel cases, where a
        // contended append can wait longer than that without anything being wrong.
        settings.operationTimeout = .seconds(30)
        return settings
    }

    /// Runs `body` on a store in a fresh schema of its own, dropped afterwards, so cases run in parallel
    /// and runs repeat.
    static func withStore(_ body: (PostgresConsentStore) async throws -> Void) async throws {
        try await withSchema { schema in
            let store = PostgresConsentStore(settings: try settings(), searchPath: schema, logger: logger)
            try await store.withRunningClient {
                try await store.migrate()
                try await body(store)
            }
        }
    }

    /// Creates a schema with a unique name, passes it to `body` and drops it with everything in it.
    static func withSchema(_ body: (String) async throws -> Void) async throws {
        let admin = PostgresConsentStore(settings: try settings(), logger: logger)
        let schema = "accord_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        try await admin.withRunningClient {
            _ = try await admin.client.query("CREATE SCHEMA \(unescaped: schema)").collect()
            do {
                try await body(schema)
            } catch {
                _ = try? await admin.client.query("DROP SCHEMA \(unescaped: schema) CASCADE").collect()
                throw error
            }
            _ = try await admin.client.query("DROP SCHEMA \(unescaped: schema) CASCADE").collect()
        }
    }

    struct MissingDatabase: Error, CustomStringConvertible {
        var description: String {
            "ACCORD_TEST_POSTGRES_URL is not set, but CI or ACCORD_REQUIRE_POSTGRES=1 requires the PostgreSQL suites"
        }
    }
}
