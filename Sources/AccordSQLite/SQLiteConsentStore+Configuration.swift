import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func property(_ id: PropertyID) async throws -> Property? {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchOne(db, sql: "SELECT config FROM properties WHERE id = ?", arguments: [id.rawValue])
            }.map(decodeProperty)
        }
    }

    public func properties() async throws -> [Property] {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchAll(db, sql: "SELECT config FROM properties ORDER BY id")
            }.map(decodeProperty)
        }
    }

    public func importProperty(_ property: Property) async throws {
        let config = try StoredJSON.text(property)
        try await guarded {
            try await pool.write { db in try Self.upsert(property, config: config, db: db) }
        }
    }

    public func policyVersion(_ version: Int, of property: PropertyID) async throws -> PolicyVersion? {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchOne(
                    db, sql: "SELECT snapshot FROM policy_versions WHERE property_id = ? AND version = ?",
                    arguments: [property.rawValue, version])
            }.map { try StoredJSON.decode(PolicyVersion.self, from: $0, what: "policy version") }
        }
    }

    public func importPolicyVersion(_ version: PolicyVersion) async throws {
        let snapshot = try StoredJSON.text(version)
        try await guarded {
            try await pool.write { db in try Self.insert(version, snapshot: snapshot, db: db) }
        }
    }

    private func decodeProperty(_ json: String) throws -> Property {
        try StoredJSON.decode(Property.self, from: json, what: "configuration document")
    }
}
