import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryOutboxBacklogContractTests {
    @Test(arguments: OutboxBacklogContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
