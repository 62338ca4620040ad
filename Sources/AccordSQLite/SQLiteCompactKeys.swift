import Foundation
import GRDB

/// How `consent_events.idempotency_key` stores the key of an imported row in fewer bytes than its text (migration
/// `2026-11-30-compact-import-keys`). `ConsentImporter` gives every row the key `import-` and 40 lowercase hex
/// digits; it is in the row and again in the unique index `consent_events_idempotency`, so every byte saved counts
/// twice: stored as a tag byte (1) and the 20 bytes the digits spell, 21 bytes instead of 47. Any other key stays
/// the text it is, and SQLite's per-cell storage class tells the forms apart (a text key is never a BLOB).
///
/// The key the SDK sends with each banner write (`rid(16)` in `web/sdk/accord.js`: 32 lowercase hex digits) is stored
/// the same way under tag byte 2 (migration `2026-12-01-compact-sdk-keys`): 17 bytes instead of 32.
///
/// The mapping is one-to-one and every writer applies it, so the unique index still holds one entry per key, and a
/// look-up binds the same stored form (`storedKey`). The records, the export, the chain's canonical bytes and
/// PostgreSQL keep the text.
enum SQLiteCompactKeys {
    static let column = "idempotency_key"
    private static let importPrefix = Array("import-".utf8)
    private static let importTag: UInt8 = 1
    private static let hexTag: UInt8 = 2
    private static let digits = Array("0123456789abcdef".utf8)

    /// The cell for an idempotency key: the tagged bytes of an import key or of 32 lowercase hex digits, else the text.
    static func storedKey(_ text: String) -> any DatabaseValueConvertible {
        let bytes = Array(text.utf8)
        let start: Int
        var packed: [UInt8]
        if bytes.count == importPrefix.count + 40, bytes.starts(with: importPrefix) {
            start = importPrefix.count
            packed = [importTag]
        } else if bytes.count == 32 {
            start = 0
            packed = [hexTag]
        } else {
            return text
        }
        packed.reserveCapacity(1 + (bytes.count - start) / 2)
        var index = start
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { return text }
            packed.append(high << 4 | low)
            index += 2
        }
        return Data(packed)
    }

    /// The text of a stored key BLOB; nil for bytes no writer makes.
    static func keyText(_ stored: Data) -> String? {
        var text: [UInt8]
        switch (stored.count, stored.first) {
        case (21, .some(importTag)): text = importPrefix
        case (17, .some(hexTag)): text = []
        default: return nil
        }
        text.reserveCapacity(1 + 2 * stored.count)
        for byte in stored.dropFirst() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Rewrites the SDK's keys stored before migration `2026-12-01-compact-sdk-keys`, in place (as `migrate`).
    static func migrateHexKeys(_ db: Database) throws {
        try rewrite(db, where: "length(idempotency_key) = 32 AND idempotency_key NOT GLOB '*[^0-9a-f]*'")
    }

    /// Rewrites the import keys stored before the migration, in place (the append-only trigger lifted for the one
    /// statement and made again from its own stored SQL). Nothing else in a row changes, so the chains verify as
    /// before; the space the texts held is free pages afterwards, which `VACUUM` gives back.
    static func migrate(_ db: Database) throws {
        try rewrite(db, where: "idempotency_key GLOB 'import-*'")
    }

    private static func rewrite(_ db: Database, where condition: String) throws {
        let function = DatabaseFunction("accord_stored_key", argumentCount: 1, pure: true) { values in
            guard let text = String.fromDatabaseValue(values[0]) else { return values[0] }
            return storedKey(text).databaseValue
        }
        db.add(function: function)
        defer { db.remove(function: function) }
        let trigger = try String.fetchOne(
            db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'consent_events_no_update'")
        try db.execute(sql: "DROP TRIGGER IF EXISTS consent_events_no_update")
        try db.execute(
            sql: """
                UPDATE consent_events SET idempotency_key = accord_stored_key(idempotency_key)
                WHERE typeof(idempotency_key) = 'text' AND \(condition)
                """)
        if let trigger { try db.execute(sql: trigger) }
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
