import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryVaultedAppendContractTests {
    @Test(arguments: VaultedAppendContract.cases)
    func contract(_ check: VaultedAppendCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
