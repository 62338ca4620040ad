import AccordCore
import AccordPostgres
import AccordStoreTesting
import Testing

@Suite(.enabled(if: TestPostgres.shouldRun, TestPostgres.skipNotice))
struct PostgresFormStoreContractTests {
    @Test(arguments: FormStoreContract.cases + FormStoreContract.evidenceCases)
    func contract(_ check: ContractCase) async throws {
        try await TestPostgres.withStore { store in try await check.run(store) }
    }
}
