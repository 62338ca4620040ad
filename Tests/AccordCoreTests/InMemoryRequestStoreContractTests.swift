import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryRequestStoreContractTests {
    @Test(arguments: RequestStoreContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
