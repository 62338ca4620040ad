import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryFulfilmentClaimsContractTests {
    @Test(arguments: FulfilmentClaimsContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
