import AccordCore
import AccordPostgres
import AccordStoreTesting
import Testing

// Skipped (with the notice) only when no database is configured and none is required; see TestPostgres.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresOutboxBacklogContractTests {
    @Test(arguments: OutboxBacklogContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }
}
