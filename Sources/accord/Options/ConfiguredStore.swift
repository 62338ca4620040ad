import AccordCore
import AccordPostgres
import AccordSQLite
import Logging
import ServiceLifecycle

/// The store a command works on, and what must run while it is used.
enum ConfiguredStore {
    case sqlite(SQLiteConsentStore)
    case postgres(PostgresConsentStore)

    var store: any ConsentStore {
        switch self {
        case .sqlite(let store): store
        case .postgres(let store): store
        }
    }

    /// The PostgreSQL connection pool: a service that `serve` runs beside the HTTP server.
    var service: (any Service)? {
        switch self {
        case .sqlite: nil
        case .postgres(let store): store.client
        }
    }

    /// The database, for banners and logs: a PostgreSQL URL with its password masked.
    func displayName(url: String) -> String {
        switch self {
        case .sqlite: url
        case .postgres(let store): store.settings.description
        }
    }

    /// Runs a one-shot command's `body` with the connection pool running for its duration.
    func run<T: Sendable>(_ body: (any ConsentStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let store): try await body(store)
        case .postgres(let store): try await store.withRunningClient { try await body(store) }
        }
    }
}

extension Logger {
    /// For one-shot commands: the pool's connection chatter stays out of the command's output.
    static var quiet: Logger {
        var logger = Logger(label: "accord")
        logger.logLevel = .error
        return logger
    }
}
