import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryConfigurationContractTests {
    @Test(arguments: ConfigurationStoreContract.cases)
    func contract(_ check: ConfigurationContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}

@Suite struct InMemoryVaultContractTests {
    @Test(arguments: SubjectVaultContract.cases)
    func contract(_ check: VaultContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
