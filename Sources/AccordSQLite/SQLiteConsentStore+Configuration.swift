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

    public func saveProperty(_ property: Property) async throws {
        let config = String(decoding: try JSONCoding.encoder.encode(property), as: UTF8.self)
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
            }.map { try JSONCoding.decoder.decode(PolicyVersion.self, from: Data($0.utf8)) }
        }
    }

    public func publish(_ version: PolicyVersion) async throws {
        let snapshot = String(decoding: try JSONCoding.encoder.encode(version), as: UTF8.self)
        try await guarded {
            try await pool.write { db in try Self.insert(version, snapshot: snapshot, db: db) }
        }
    }

    private func decodeProperty(_ json: String) throws -> Property {
        try JSONCoding.decoder.decode(Property.self, from: Data(json.utf8))
    }
}

/// JSON settings for configuration documents kept in TEXT columns.
enum JSONCoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
