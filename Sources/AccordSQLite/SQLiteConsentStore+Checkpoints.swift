import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    public func saveCheckpoints(_ checkpoints: [SignedCheckpoint]) async throws {
        try await guarded {
            try await pool.write { db in
                for signed in checkpoints {
                    let checkpoint = signed.checkpoint
                    // The first checkpoint of a head wins; another instance's copy of it is no error.
                    try db.execute(
                        sql: """
                            INSERT INTO checkpoints (chain_id, position, property_id, hash, signed_at, token)
                            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chain_id, position) DO NOTHING
                            """,
                        arguments: [
                            checkpoint.chain, checkpoint.position, checkpoint.property.rawValue, checkpoint.hash,
                            checkpoint.time.millisecondsSince1970, signed.token,
                        ])
                }
            }
        }
    }

    public func latestCheckpoints(of property: PropertyID) async throws -> [SignedCheckpoint] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM checkpoints WHERE property_id = ? AND (chain_id, position) IN (
                            SELECT chain_id, MAX(position) FROM checkpoints WHERE property_id = ? GROUP BY chain_id)
                        ORDER BY chain_id
                        """,
                    arguments: [property.rawValue, property.rawValue]
                ).map(SignedCheckpoint.init(row:))
            }
        }
    }
}

extension SignedCheckpoint {
    /// Reads a `checkpoints` row.
    init(row: Row) throws {
        func column<T: DatabaseValueConvertible>(_ name: String) throws -> T { try cell(row, "checkpoints", name) }
        self.init(
            checkpoint: Checkpoint(
                chain: try column("chain_id"), position: try column("position"), hash: try column("hash"),
                time: Date(millisecondsSince1970: try column("signed_at"))),
            token: try column("token"))
    }
}
