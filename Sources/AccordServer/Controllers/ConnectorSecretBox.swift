import AccordCore
import Foundation

/// Seals connector connection strings with the root key, named per property and system, so a sealed value cannot
/// be moved to another system; opens them for a connector run. Without a root key nothing is sealed: a literal
/// connection is refused and `env:NAME` must be used.
public struct ConnectorSecretBox: Sendable {
    let root: RootKey?

    /// With the server's root key, if there is one.
    public init(root: RootKey?) { self.root = root }

    /// The sealed form of a connection string; nil without a root key.
    public func seal(_ connection: String, property: PropertyID, system: String) throws -> ConnectionSource? {
        guard let root else { return nil }
        return .sealed(try root.wrap(Array(connection.utf8), name: Self.name(property, system)))
    }

    /// The connection string a source stands for, now; nil when it cannot be had (unset variable, no root key).
    public func open(_ source: ConnectionSource, property: PropertyID, system: String, environment: [String: String]) -> String? {
        switch source {
        case .environment(let name): return environment[name]
        case .sealed(let bytes):
            return (try? root?.unwrap(bytes, name: Self.name(property, system))).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Reads `system`'s database tables for its dataset and lists what does not fit (`check`), one line per problem.
    public func check(_ system: DataSystem, reader: any ConnectorSchemaReader, environment: [String: String]) async -> [String] {
        guard let connector = system.connector, connector.isSQL, let dataset = connector.dataset else {
            return ["the system has no postgres or sqlite connector with a dataset"]
        }
        guard let source = connector.connection else { return ["connection: none is set"] }
        guard let connection = open(source, property: system.property, system: system.key, environment: environment) else {
            switch source {
            case .environment(let name): return ["connection: the environment variable \(name) is not set"]
            case .sealed: return ["connection: the stored value cannot be opened (is the same root key configured?)"]
            }
        }
        do {
            let schema = try await reader.schema(kind: connector.kind, connection: connection, tables: dataset.names)
            return DatasetCheck.problems(dataset, in: schema)
        } catch let error as ConnectorError {
            return ["database: \(error.description)"]
        } catch {
            return ["database: it cannot be reached or read"]
        }
    }

    private static func name(_ property: PropertyID, _ system: String) -> String { "connector-connection:\(property)/\(system)" }
}
