import AccordCore
import Foundation
import PostgresNIO
import Testing

@testable import AccordPostgres

/// Webhook bookkeeping commits without waiting for the WAL flush, for its own transaction only: the pooled
/// connections the consent writes use stay durable.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresDeliveryDurabilityTests {
    @Test func aRelaxedTransactionDoesNotWaitForTheFlushAndLeavesEveryConnectionDurable() async throws {
        try await TestPostgres.withStore { store in
            let setting: @Sendable (PostgresConnection) async throws -> String = { connection in
                let rows = try await connection.query("SHOW synchronous_commit", logger: TestPostgres.logger).collect()
                return try #require(rows.first).decode(String.self)
            }
            #expect(try await store.relaxedTransaction(true, setting) == "off")
            #expect(try await store.relaxedTransaction(false, setting) == "on")
            // `SET LOCAL` ended with its transaction: whichever pooled connection ran it commits durably again.
            let settings = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<9 { group.addTask { try await store.client.withConnection { try await setting($0) } } }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(settings == ["on"])
        }
    }
}
