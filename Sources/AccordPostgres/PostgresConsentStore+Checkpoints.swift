import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    public func saveCheckpoints(_ checkpoints: [SignedCheckpoint]) async throws {
        try await guarded {
            try await self.transaction { connection in
                for signed in checkpoints {
                    let checkpoint = signed.checkpoint
                    // The first checkpoint of a head wins; another instance's copy of it is no error.
                    try await connection.query(
                        """
                        INSERT INTO checkpoints (chain_id, position, property_id, hash, signed_at, token)
                        VALUES (\(checkpoint.chain), \(checkpoint.position), \(checkpoint.property.rawValue), \(checkpoint.hash),
                            \(checkpoint.time.millisecondsSince1970), \(signed.token))
                        ON CONFLICT (chain_id, position) DO NOTHING
                        """,
                        logger: self.logger)
                }
            }
        }
    }

    public func latestCheckpoints(of property: PropertyID) async throws -> [SignedCheckpoint] {
        try await guarded {
            let rows = try await self.client.query(
                """
                SELECT chain_id, position, hash, signed_at, token FROM checkpoints
                WHERE property_id = \(property.rawValue) AND (chain_id, position) IN (
                    SELECT chain_id, MAX(position) FROM checkpoints WHERE property_id = \(property.rawValue) GROUP BY chain_id)
                ORDER BY chain_id
                """,
                logger: self.logger)
            var checkpoints: [SignedCheckpoint] = []
            for try await (chain, position, hash, signedAt, token) in rows.decode((String, Int64, String, Int64, String).self) {
                checkpoints.append(
                    SignedCheckpoint(
                        checkpoint: Checkpoint(
                            chain: chain, position: position, hash: hash, time: Date(millisecondsSince1970: signedAt)),
                        token: token))
            }
            return checkpoints
        }
    }
}
