import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func property(_ id: PropertyID) async throws -> Property? {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT config::text FROM properties WHERE id = \(id.rawValue)", logger: self.logger)
            return try await rows.collect().first.map {
                try StoredJSON.decode(Property.self, from: $0.decode(String.self), what: "configuration document")
            }
        }
    }

    public func properties() async throws -> [Property] {
        try await guarded {
            let rows = try await self.client.query("SELECT config::text FROM properties ORDER BY id", logger: self.logger)
            return try await rows.collect().map { try StoredJSON.decode(Property.self, from: $0.decode(String.self), what: "configuration document") }
        }
    }

    public func importProperty(_ property: Property) async throws {
        let config = try StoredJSON.text(property)
        try await guarded {
            let now = Date().millisecondsSince1970
            _ = try await self.client.query(
                """
                INSERT INTO properties (id, config, updated_at) VALUES (\(property.id.rawValue), \(config)::jsonb, \(now))
                ON CONFLICT (id) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at
                """,
                logger: self.logger
            ).collect()
        }
    }

    public func policyVersion(_ version: Int, of property: PropertyID) async throws -> PolicyVersion? {
        try await guarded {
            let rows = try await self.client.query(
                "SELECT snapshot::text FROM policy_versions WHERE property_id = \(property.rawValue) AND version = \(version)",
                logger: self.logger)
            return try await rows.collect().first.map {
                try StoredJSON.decode(PolicyVersion.self, from: $0.decode(String.self), what: "policy version")
            }
        }
    }

    public func importPolicyVersion(_ version: PolicyVersion) async throws {
        let snapshot = try StoredJSON.text(version)
        try await guarded {
            let inserted = try await self.client.query(
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
        }
    }
}
