import Foundation
import NIOSSL
import PostgresNIO

/// Where and how to reach PostgreSQL, parsed from `postgres://user:password@host:port/database?sslmode=...`
/// (or `postgresql://`). The password is kept out of every description, so the settings can be logged.
public struct PostgresConnectionSettings: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted, with libpq's names and meanings.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Never encrypt.
        case disable
        /// Encrypt when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// Always encrypt, without checking the certificate.
        case require
        /// Always encrypt and check the certificate and the host name.
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// The most connections one Accord instance opens.
    public var poolSize: Int
    /// How long an operation may wait (mostly for a connection) before the store reports the database
    /// unavailable: what turns a database outage into quick 503s instead of hanging requests.
    public var operationTimeout: Duration

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer, poolSize: Int = 10, operationTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.poolSize = poolSize
        self.operationTimeout = operationTimeout
    }

    /// Parses a database URL; the error names the part that is wrong, never the password.
    public init(url: String, poolSize: Int = 10) throws(InvalidURL) {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"),
            let components = URLComponents(string: url)
        else { throw InvalidURL(reason: "must look like postgres://user:password@host:port/database") }
        guard let host = components.host, !host.isEmpty else { throw InvalidURL(reason: "names no host") }
        guard let user = components.user, !user.isEmpty else { throw InvalidURL(reason: "names no user") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw InvalidURL(reason: "names no database") }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw InvalidURL(reason: "sslmode must be disable, prefer, require or verify-full")
                }
                tls = mode
            default:
                throw InvalidURL(reason: "has an unknown option '\(item.name)'")
            }
        }
        guard poolSize > 0 else { throw InvalidURL(reason: "pool size must be at least 1") }
        self.init(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database, tls: tls, poolSize: poolSize)
    }

    /// The URL with the password replaced by `***`: safe for banners and logs.
    public var description: String {
        let credentials = password == nil ? username : "\(username):***"
        return "postgres://\(credentials)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The client configuration; `searchPath` sets the schema the store works in (tests use one per case).
    public func clientConfiguration(searchPath: String? = nil) -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tlsConfiguration)
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = operationTimeout
        if let searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        return configuration
    }

    private var tlsConfiguration: PostgresClient.Configuration.TLS {
        var context = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable:
            return .disable
        case .prefer:
            context.certificateVerification = .none
            return .prefer(context)
        case .require:
            context.certificateVerification = .none
            return .require(context)
        case .verifyFull:
            return .require(context)
        }
    }

    /// A database URL that cannot be used; `reason` completes "database url ...".
    public struct InvalidURL: Error, Hashable, Sendable, CustomStringConvertible {
        public var reason: String
        public init(reason: String) { self.reason = reason }
        public var description: String { "database url \(reason)" }
    }
}
