import AccordCore
import AccordPostgres
import AccordStoreTesting
import Testing

// Skipped (with the notice) only when no database is configured and none is required; see TestPostgres.
@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }

    @Test(arguments: ConfigurationStoreContract.cases)
    func configurationContract(_ check: ConfigurationContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }
}
