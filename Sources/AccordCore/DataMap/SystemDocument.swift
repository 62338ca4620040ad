import Foundation

/// A data-map system as configuration as code writes it, under `systems.<property>.<key>` (issue 13 §5): the
/// definition without the property, key and time, which the document's structure and the store give.
public struct SystemDocument: Sendable, Hashable, Codable {
    public var name: String?
    public var owner: String?
    public var description: String?
    public var categories: [DataCategory]?
    public var sources: [String]?
    public var purposes: [String]?
    public var thirdParties: [ThirdParty]?
    public var retention: String?
    /// The connector; its connection only as `env:NAME` (a sealed value is never exported, and kept on apply).
    public var connector: ConnectorDocument?

    /// The document form of a stored system (empty lists and a name equal to the key left out).
    public init(_ system: DataSystem) {
        name = system.name == system.key ? nil : system.name
        owner = system.owner
        description = system.description
        categories = system.categories.isEmpty ? nil : system.categories
        sources = system.sources.isEmpty ? nil : system.sources
        purposes = system.purposes.isEmpty ? nil : system.purposes
        thirdParties = system.thirdParties.isEmpty ? nil : system.thirdParties
        retention = system.retention
        connector = system.connector.map(ConnectorDocument.init)
    }

    /// The system this document describes, in `property` under `key`; a connector without a connection keeps
    /// `existing`'s when it is of the same kind.
    public func system(property: PropertyID, key: String, at time: Date, existing: Connector? = nil) -> DataSystem {
        var connector = self.connector.map(\.connector)
        if var kept = connector, kept.connection == nil, let existing, existing.kind == kept.kind {
            kept.connection = existing.connection
            connector = kept
        }
        // A webhook connector's signing secret is never in a document: the stored one is kept.
        if var kept = connector, kept.kind == .webhook, let existing, existing.kind == .webhook {
            kept.secret = existing.secret
            connector = kept
        }
        return DataSystem(
            property: property, key: key, name: name ?? key, owner: owner, description: description, categories: categories ?? [],
            sources: sources ?? [], purposes: purposes ?? [], thirdParties: thirdParties ?? [], retention: retention,
            connector: connector, updatedAt: time)
    }
}

/// A connector as configuration as code writes it.
public struct ConnectorDocument: Sendable, Hashable, Codable {
    public var kind: Connector.Kind
    /// Only `env:NAME`: connection strings do not belong in configuration files.
    public var connection: String?
    public var url: String?
    public var dataset: Dataset?
    public var instructions: String?
    /// Who does a manual connector's tasks.
    public var assignee: String?

    public init(_ connector: Connector) {
        kind = connector.kind
        connection = connector.connection?.shown
        url = connector.url
        dataset = connector.dataset
        instructions = connector.instructions
        assignee = connector.assignee
    }

    /// The connector, with its `env:NAME` connection when it has one (anything else is left out: the planner refuses it).
    var connector: Connector {
        Connector(
            kind: kind, connection: connection.flatMap(ConnectionSource.environmentReference).map(ConnectionSource.environment),
            url: url, dataset: dataset, instructions: instructions, assignee: assignee)
    }
}
