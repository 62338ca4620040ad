import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryConsentSeederContractTests {
    @Test(arguments: ConsentSeederContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
