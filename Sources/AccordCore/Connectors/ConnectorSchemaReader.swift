/// Reads the tables a dataset names from a customer database (implemented in `AccordConnectors` for PostgreSQL
/// and SQLite; the server sees only this protocol).
public protocol ConnectorSchemaReader: Sendable {
    /// The columns of `tables` (missing tables are simply absent) in the database `connection` opens.
    /// Throws `ConnectorError` when the database cannot be reached or read.
    func schema(kind: Connector.Kind, connection: String, tables: [String]) async throws -> DatabaseSchema
}

/// Why a connector could not reach its database; messages never carry the connection string.
public enum ConnectorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The connection string does not fit the connector's kind.
    case badConnection(String)
    /// The database did not answer or refused the connection.
    case unreachable(String)
    /// The connection's value is not available now (unset environment variable, no root key to open it).
    case connectionUnavailable(String)

    public var description: String {
        switch self {
        case .badConnection(let reason), .unreachable(let reason), .connectionUnavailable(let reason): reason
        }
    }
}
