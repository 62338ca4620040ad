import AccordCore
import Foundation
import Hummingbird

/// A property's data map (scope `admin`, issue 13 §5): the systems that hold personal data, put whole, listed by
/// key, read and deleted; and the Right-to-Know answer composed from them.
struct AdminSystemsController {
    let editor: ConfigurationEditor
    let store: any DataMapStore
    let secrets: ConnectorSecretBox
    let schemaReader: (any ConnectorSchemaReader)?
    let now: @Sendable () -> Date
    /// Where the secret rotation is audited (the property's configuration chain).
    let audit: any AuditAppending
    /// Where webhook connectors may post: the webhook endpoints' rule (ConnectorWebhookCheck.swift).
    var rule = WebhookURLRule()
    var hosts: any HostResolver = SystemHostResolver()

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.get("/v1/admin/properties/:property/systems", use: list)
        router.put("/v1/admin/properties/:property/systems/:system", use: put)
        router.get("/v1/admin/properties/:property/systems/:system", use: read)
        router.delete("/v1/admin/properties/:property/systems/:system", use: delete)
        router.post("/v1/admin/properties/:property/systems/:system/check", use: check)
        router.post("/v1/admin/properties/:property/systems/:system/rotate-secret", use: rotateSecret)
        router.get("/v1/admin/properties/:property/right-to-know", use: rightToKnow)
    }

    /// The `PUT` body: the whole system (absent lists are empty, absent texts unset; `name` defaults to the key).
    struct SystemBody: Decodable {
        var name: String?
        var owner: String?
        var description: String?
        var categories: [DataCategory]?
        var sources: [String]?
        var purposes: [String]?
        var thirdParties: [ThirdParty]?
        var retention: String?
        var connector: ConnectorBody?
    }

    /// A connector as sent: `connection` is `env:NAME` or a connection string (sealed, never shown again);
    /// absent, a stored one of the same kind is kept.
    struct ConnectorBody: Decodable {
        var kind: Connector.Kind
        var connection: String?
        var url: String?
        var dataset: Dataset?
        var instructions: String?
        var assignee: String?
    }

    /// Creates (201) or replaces (200) the system named in the path.
    @Sendable func put(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let key = try Self.key(context)
        let body = try await JSONBody.decode(SystemBody.self, from: request, context: context)
        var system = DataSystem(
            property: property.id, key: key, name: body.name ?? key, owner: body.owner, description: body.description,
            categories: body.categories ?? [], sources: body.sources ?? [], purposes: body.purposes ?? [],
            thirdParties: body.thirdParties ?? [], retention: body.retention, updatedAt: now().truncatedToMilliseconds)
        try DataSystemValidator.validate(system)
        var newSecret: String?
        if let connector = body.connector {
            let existing = try await store.system(key, of: property.id)?.connector
            system.connector = try self.connector(connector, existing: existing, property: property.id, key: key)
            newSecret = try await webhookConnector(&system, existing: existing)
        }
        let created = try await store.saveSystem(system)
        return try JSONBody.response(DataSystemView(system, secret: newSecret), status: created ? .created : .ok)
    }

    @Sendable func list(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        let paging = try ListPaging(request, cursor: .propertyID)
        let page = try await store.systems(of: property.id, after: paging.cursor, limit: paging.limit)
        let next = page.count == paging.limit ? page.last?.key : nil
        return try JSONBody.response(CursorPage("systems", page.map { DataSystemView($0) }, nextCursor: next))
    }

    @Sendable func read(_ request: Request, context: AdminRequestContext) async throws -> Response {
        try JSONBody.response(DataSystemView(try await system(context)))
    }

    @Sendable func delete(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let system = try await system(context)
        guard try await store.deleteSystem(system.key, of: system.property) else { throw Self.notFound(system.key) }
        return Response(status: .noContent)
    }

    /// Connects to the system's database and checks that every table and column of its dataset exists and takes
    /// its erase strategy: `{"system", "ok", "problems": [one line each]}`.
    @Sendable func check(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let system = try await system(context)
        guard let connector = system.connector, connector.isSQL else {
            throw APIError(.conflict, code: "system_not_checkable", message: "the system has no postgres or sqlite connector to check")
        }
        let problems: [String]
        if let schemaReader {
            problems = await secrets.check(system, reader: schemaReader, environment: ProcessInfo.processInfo.environment)
        } else {
            problems = ["database: this server reads no customer databases"]
        }
        return try JSONBody.response(CheckAnswer(system: system.key, ok: problems.isEmpty, problems: problems))
    }

    struct CheckAnswer: Encodable {
        let system: String
        let ok: Bool
        let problems: [String]
    }

    /// The categories-level Right-to-Know answer composed from every system of the map.
    @Sendable func rightToKnow(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        return try JSONBody.response(RightToKnowAnswer.compose(from: try await store.allSystems(of: property.id)))
    }

    /// The connector to store for a body: checked, its connection sealed or kept.
    func connector(_ body: ConnectorBody, existing: Connector?, property: PropertyID, key: String) throws -> Connector {
        func refuse(_ field: String, _ message: String) -> ConfigurationError {
            ConfigurationError(.invalidValue, field: "connector.\(field)", message)
        }
        var connector = Connector(kind: body.kind, instructions: body.instructions, assignee: body.assignee)
        if let instructions = body.instructions, instructions.count > 2000 { throw refuse("instructions", "at most 2000 characters") }
        switch body.kind {
        case .postgres, .sqlite:
            if body.url != nil { throw refuse("url", "a \(body.kind.rawValue) connector takes a connection, not a url") }
            guard let dataset = body.dataset else { throw refuse("dataset", "a \(body.kind.rawValue) connector needs its dataset") }
            try DatasetValidator.validate(dataset, prefix: "connector.dataset")
            connector.dataset = dataset
            if let text = body.connection {
                if let name = ConnectionSource.environmentReference(text) {
                    connector.connection = .environment(name)
                } else if text.hasPrefix("env:") {
                    throw refuse("connection", "env:NAME names an environment variable: upper-case letters, digits and '_'")
                } else if let problem = ConnectionString.problem(text, kind: body.kind) {
                    throw refuse("connection", problem)
                } else if let sealed = try secrets.seal(text, property: property, system: key) {
                    connector.connection = sealed
                } else {
                    throw refuse(
                        "connection", "a connection value is kept only sealed by the root key (secrets.rootKeyFile); without one, use env:NAME")
                }
            } else if let existing, existing.kind == body.kind, let connection = existing.connection {
                connector.connection = connection
            } else {
                throw refuse("connection", "a \(body.kind.rawValue) connector needs its connection: a connection string or env:NAME")
            }
        case .webhook:
            if body.connection != nil || body.dataset != nil { throw refuse("url", "a webhook connector takes only a url") }
            guard let url = body.url, let components = URLComponents(string: url), ["https", "http"].contains(components.scheme),
                components.host?.isEmpty == false, url.count <= 2048
            else { throw refuse("url", "a webhook connector needs an http(s) url") }
            connector.url = url
        case .manual:
            if body.connection != nil || body.dataset != nil || body.url != nil {
                throw refuse("kind", "a manual connector takes only instructions and an assignee")
            }
            if let assignee = body.assignee, assignee.isEmpty || assignee.count > 254 || !assignee.contains("@") {
                throw refuse("assignee", "the assignee is a console user's e-mail address")
            }
        }
        return connector
    }

    func system(_ context: AdminRequestContext) async throws -> DataSystem {
        let property = try await editor.property(context)
        let key = try Self.key(context)
        guard let system = try await store.system(key, of: property.id) else { throw Self.notFound(key) }
        return system
    }

    static func key(_ context: AdminRequestContext) throws -> String {
        let key = try context.parameters.require("system")
        guard DataSystemValidator.isValidKey(key) else {
            throw APIError.invalid("system_invalid", "a system key is 1 to 64 lower-case letters, digits, '-' or '_'", field: "system")
        }
        return key
    }

    static func notFound(_ key: String) -> APIError {
        APIError(.notFound, code: "system_not_found", message: "no system with key '\(key)' in this property's data map")
    }
}

/// A system as the API shows it.
struct DataSystemView: Encodable {
    let system: DataSystem
    /// A webhook connector's new `whsec_` secret, shown once in the answer that made it.
    var secret: String? = nil

    init(_ system: DataSystem, secret: String? = nil) {
        self.system = system
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case key, name, owner, description, categories, sources, purposes, thirdParties, retention, connector, updatedAt, secret
    }

    /// The connector without its secret: `connection` shows only an `env:NAME`; `connectionStored` says a sealed
    /// value is kept.
    struct ConnectorView: Encodable {
        let connector: Connector

        enum CodingKeys: String, CodingKey { case kind, connection, connectionStored, url, dataset, instructions, assignee }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(connector.kind, forKey: .kind)
            try container.encode(connector.connection?.shown, forKey: .connection)
            if case .sealed = connector.connection {
                try container.encode(true, forKey: .connectionStored)
            } else {
                try container.encode(false, forKey: .connectionStored)
            }
            try container.encode(connector.url, forKey: .url)
            try container.encode(connector.dataset, forKey: .dataset)
            try container.encode(connector.instructions, forKey: .instructions)
            try container.encode(connector.assignee, forKey: .assignee)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(system.key, forKey: .key)
        try container.encode(system.name, forKey: .name)
        try container.encode(system.owner, forKey: .owner)
        try container.encode(system.description, forKey: .description)
        try container.encode(system.categories, forKey: .categories)
        try container.encode(system.sources, forKey: .sources)
        try container.encode(system.purposes, forKey: .purposes)
        try container.encode(system.thirdParties, forKey: .thirdParties)
        try container.encode(system.retention, forKey: .retention)
        try container.encode(system.connector.map(ConnectorView.init), forKey: .connector)
        try container.encode(system.updatedAt.rfc3339, forKey: .updatedAt)
        try container.encodeIfPresent(secret, forKey: .secret)
    }
}
