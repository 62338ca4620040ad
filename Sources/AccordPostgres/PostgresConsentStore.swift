import AccordCore
import Foundation
import PostgresNIO

/// The scale-out store: PostgreSQL through PostgresNIO's pooled `PostgresClient`.
///
/// The client must run for the store to work: add `client` to the application's services, or wrap a
/// one-shot command in `withRunningClient`. Several Accord instances may share one database: appends lock
/// only the chain heads they touch (`SELECT ... FOR UPDATE`), and idempotency keys are unique per property
/// in the schema, so a key sent to two instances at once stores one event.
public final class PostgresConsentStore: ConsentStore {
    /// The connection pool; a `Service` that must be running while the store is used.
    public let client: PostgresClient
    public let settings: PostgresConnectionSettings
    let logger: Logger

    /// - Parameter searchPath: the schema to work in, when not the user's default (tests use one per case).
    public init(settings: PostgresConnectionSettings, searchPath: String? = nil, logger: Logger) {
        self.settings = settings
        self.logger = logger
        self.client = PostgresClient(
            configuration: settings.clientConfiguration(searchPath: searchPath), backgroundLogger: logger)
    }

    /// Runs the connection pool until the calling task is cancelled.
    public func run() async {
        await client.run()
    }

    /// Runs `body` while the connection pool runs, then closes the pool: for one-shot commands and tests.
    public func withRunningClient<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { await self.client.run() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    public func migrate() async throws {
        try await guarded(bounded: false) { try await PostgresMigrations.apply(on: self) }
    }

    public func ping() async throws {
        try await guarded { _ = try await self.client.query("SELECT 1", logger: self.logger).collect() }
    }

    /// Runs `body` with the store's deadline and translates driver errors into `StoreError` at this edge.
    ///
    /// The deadline mostly bounds the wait for a connection: while the database is down the pool keeps
    /// retrying, and callers get `StoreError.unavailable` (a 503) instead of a hanging request (see
    /// `Deadline` for why it cannot be a task group). A transaction cut off this way is rolled back by the
    /// database or, if its commit still lands, answered as a replay when the client retries with its
    /// idempotency key. Long operations (migrations, rebuilds) pass `bounded: false`.
    @discardableResult
    func guarded<T: Sendable>(bounded: Bool = true, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            guard bounded else { return try await body() }
            return try await Deadline.run(within: settings.operationTimeout, body)
        } catch {
            throw PostgresErrors.translate(error)
        }
    }

    /// Runs `body` in one transaction on one connection: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let value = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return value
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}
