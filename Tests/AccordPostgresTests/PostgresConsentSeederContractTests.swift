import AccordPostgres
import AccordStoreTesting
import Testing

// Skipped (with the notice) only when no database is configured and none is required; see TestPostgres.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresConsentSeederContractTests {
    @Test(arguments: ConsentSeederContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }
}
