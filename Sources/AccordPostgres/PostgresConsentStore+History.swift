import AccordCore
import Foundation
import PostgresNIO

// ConfigurationStore: configuration and its audit trail.
extension PostgresConsentStore {
    public func saveProperty(_ property: Property, audit: AuditEntry, replacing expected: Property?) async throws {
        let config = try StoredJSON.text(property)
        try await guarded {
            try await self.transaction { connection in
                try await Self.requireStored(expected, id: property.id, on: connection, logger: self.logger)
                try await Self.upsert(property, config: config, on: connection, logger: self.logger)
                try await Self.append(audit, on: connection, logger: self.logger)
            }
        }
    }

    public func publish(_ version: PolicyVersion, property: Property, audit: AuditEntry, replacing expected: Property)
        async throws
    {
        let snapshot = try StoredJSON.text(version)
        let config = try StoredJSON.text(property)
        try await guarded {
            try await self.transaction { connection in
                try await Self.requireStored(expected, id: property.id, on: connection, logger: self.logger)
                try await Self.upsert(property, config: config, on: connection, logger: self.logger)
                let inserted = try await connection.query(
                    """
                    INSERT INTO policy_versions (property_id, version, snapshot, content_hash, published_at)
                    VALUES (\(version.property.rawValue), \(version.version), \(snapshot)::jsonb, \(version.contentHash),
                        \(version.publishedAt.millisecondsSince1970))
                    ON CONFLICT (property_id, version) DO NOTHING
                    RETURNING 1
                    """,
                    logger: self.logger
                ).collect()
                if inserted.isEmpty { throw StoreError.policyVersionExists(version.property, version.version) }
                try await Self.append(audit, on: connection, logger: self.logger)
                let endpoints = try await PostgresWebhooks.queueing([version.property], on: connection, logger: self.logger)
                if let entry = PolicyMessages.entry(of: version, endpoints: endpoints) {
                    try await PostgresOutbox.insert([entry], on: connection, logger: self.logger)
                }
            }
        }
    }

    public func policyVersions(of property: PropertyID, before version: Int?, limit: Int) async throws -> [PolicyVersion] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT snapshot::text FROM policy_versions WHERE property_id = \(property.rawValue) AND version < \(version ?? Int.max)
                ORDER BY version DESC LIMIT \(limit)
                """,
                logger: self.logger
            ).collect()
            return try rows.map { try StoredJSON.decode(PolicyVersion.self, from: $0.decode(String.self), what: "policy version") }
        }
    }

    public func auditEntries(of property: PropertyID, before cursor: Int64?, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit_entries
                WHERE property_id = \(property.rawValue) AND seq < \(cursor ?? Int64.max) ORDER BY seq DESC LIMIT \(limit)
                """,
                logger: self.logger
            ).collect().map(StoredAuditEntry.init(postgres:))
        }
    }

    public func auditEntriesInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit_entries
                WHERE (chain_id, chain_position) > (\(cursor?.chain ?? ""), \(cursor?.position ?? 0))
                ORDER BY chain_id, chain_position LIMIT \(limit)
                """,
                logger: self.logger
            ).collect().map(StoredAuditEntry.init(postgres:))
        }
    }

    /// The state view holds a row for every purpose any event ever chose for.
    public func hasConsents(for purpose: PurposeKey, in property: PropertyID) async throws -> Bool {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT EXISTS (SELECT 1 FROM consent_state WHERE property_id = \(property.rawValue)
                    AND purpose_key = \(purpose.rawValue))
                """,
                logger: self.logger
            ).collect()
            return try rows.first?.decode(Bool.self) ?? false
        }
    }

    static let auditColumns =
        "seq, id, property_id, actor, action, target, before, after, recorded_at, chain_id, chain_position, prev_hash, hash"

    /// The compare of compare-and-swap. The row is locked until the transaction ends, so a second edit waits and
    /// then sees the first one's result; a first save (nil expected) inserts only where no row exists.
    private static func requireStored(
        _ expected: Property?, id: PropertyID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard let expected else {
            let inserted = try await connection.query(
                """
                INSERT INTO properties (id, config, updated_at) VALUES (\(id.rawValue), '{}'::jsonb, 0)
                ON CONFLICT (id) DO NOTHING RETURNING 1
                """,
                logger: logger
            ).collect()
            if inserted.isEmpty { throw StoreError.concurrentChange(id) }
            return
        }
        let rows = try await connection.query(
            "SELECT config::text FROM properties WHERE id = \(id.rawValue) FOR UPDATE", logger: logger
        ).collect()
        guard let text = try rows.first?.decode(String.self) else { throw StoreError.concurrentChange(id) }
        let current = try StoredJSON.decode(Property.self, from: text, what: "property configuration")
        guard current == expected else { throw StoreError.concurrentChange(id) }
    }

    private static func upsert(_ property: Property, config: String, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO properties (id, config, updated_at)
            VALUES (\(property.id.rawValue), \(config)::jsonb, \(Date().millisecondsSince1970))
            ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at
            """,
            logger: logger)
    }

    /// Links the entry after its property's chain head, which stays locked until the transaction ends, so
    /// changes to one property from several instances queue and the chain never forks.
    static func append(_ entry: AuditEntry, chain: String? = nil, on connection: PostgresConnection, logger: Logger) async throws {
        let chain = chain ?? AuditEntry.chain(of: entry.property)
        try await connection.query(
            """
            INSERT INTO chain_heads (chain_id, position, hash) VALUES (\(chain), 0, \(AuditChain.genesisHash(of: chain)))
            ON CONFLICT (chain_id) DO NOTHING
            """,
            logger: logger)
        let rows = try await connection.query(
            "SELECT position, hash FROM chain_heads WHERE chain_id = \(chain) FOR UPDATE", logger: logger
        ).collect()
        guard let row = rows.first else { throw StoreError.corrupt("a chain head vanished") }
        let (position, hash) = try row.decode((Int64, String).self)
        let link = AuditChain.link(entry, after: ChainHead(chain: chain, position: position, hash: hash))
        try await connection.query(
            """
            INSERT INTO audit_entries (id, property_id, actor, action, target, before, after, recorded_at,
                chain_id, chain_position, prev_hash, hash)
            VALUES (\(entry.id.rawValue), \(entry.property.rawValue), \(entry.actor), \(entry.action), \(entry.target),
                \(entry.before), \(entry.after), \(entry.recordedAt.millisecondsSince1970), \(link.chain), \(link.position),
                \(link.previousHash), \(link.hash))
            """,
            logger: logger)
        try await connection.query(
            "UPDATE chain_heads SET position = \(link.position), hash = \(link.hash) WHERE chain_id = \(chain)", logger: logger)
    }
}

extension StoredAuditEntry {
    init(postgres row: PostgresRow) throws {
        let row = row.makeRandomAccess()
        var entry = AuditEntry(
            property: PropertyID(rawValue: try row["property_id"].decode(String.self)),
            actor: try row["actor"].decode(String.self), action: try row["action"].decode(String.self),
            target: try row["target"].decode(String?.self), before: try row["before"].decode(String?.self),
            after: try row["after"].decode(String?.self),
            at: Date(millisecondsSince1970: try row["recorded_at"].decode(Int64.self)))
        entry.id = EventID(rawValue: try row["id"].decode(String.self))
        self.init(
            entry: entry, sequence: try row["seq"].decode(Int64.self),
            link: ChainLink(
                chain: try row["chain_id"].decode(String.self), position: try row["chain_position"].decode(Int64.self),
                previousHash: try row["prev_hash"].decode(String.self), hash: try row["hash"].decode(String.self)))
    }
}
