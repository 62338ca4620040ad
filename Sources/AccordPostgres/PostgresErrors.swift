import AccordCore
import PostgresNIO

/// Translates driver errors into `StoreError` at the adapter's edge. Messages carry SQLSTATE codes and
/// fixed words only: never SQL text, bound parameters or server messages (which can quote row values).
enum PostgresErrors {
    /// The SQLSTATE of a server error, if the error is one.
    static func sqlState(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// The constraint a server error names, if any (names are ours, from the schema).
    static func constraint(of error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.constraintName]
    }

    /// Serialisation failures and deadlocks: the transaction can simply run again.
    static func isRetryable(_ error: any Error) -> Bool {
        guard let state = sqlState(of: error) else { return false }
        return state == "40001" || state == "40P01"
    }

    static func translate(_ error: any Error) -> any Error {
        switch error {
        case is StoreError, is UserStoreError, is FormStoreError, is RequestStoreError, is CancellationError:
            return error
        case let error as PSQLError:
            return translate(error)
        case is PostgresDecodingError:
            return StoreError.corrupt("a stored value cannot be read")
        default:
            // The connection pool's own errors (shut down, circuit breaker open) and anything unexpected
            // from the transport: the database cannot be used right now.
            return StoreError.unavailable("no connection (\(type(of: error)))")
        }
    }

    private static func translate(_ error: PSQLError) -> StoreError {
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            return .unavailable("connection failed (\(error.code))")
        }
        switch state.prefix(2) {
        case "08", "53", "57", "58", "40", "25":
            // Connection problems, resources, shutdown or admin action, system errors, failed transactions.
            return .unavailable("sqlstate \(state)")
        case "28":
            return .unavailable("authentication failed")
        case "3D":
            return .unavailable("database does not exist")
        case "42" where state == "42P01":
            return .unavailable("schema is missing; run accord migrate")
        default:
            return .corrupt("sqlstate \(state)")
        }
    }
}
