import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryFormStoreContractTests {
    @Test(arguments: FormStoreContract.cases + FormStoreContract.evidenceCases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
