import AccordCore
import AccordPostgres
import AccordStoreTesting
import Testing

// Skipped (with the notice) only when no database is configured and none is required; see TestPostgres.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresStateTransferTests {
    @Test(arguments: StateTransferContract.cases)
    func contract(_ check: TransferContractCase) async throws {
        try await TestPostgres.withStore { source in
            try await TestPostgres.withStore { target in try await check.run(source, target) }
        }
    }
}
