import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryAttachmentContractTests {
    @Test(arguments: ConnectorAttachmentsContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
