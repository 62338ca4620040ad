import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryStateTransferTests {
    @Test(arguments: StateTransferContract.cases)
    func contract(_ check: TransferContractCase) async throws {
        try await check.run(InMemoryConsentStore(), InMemoryConsentStore())
    }
}
