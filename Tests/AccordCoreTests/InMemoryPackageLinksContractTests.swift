import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryPackageLinksContractTests {
    @Test(arguments: PackageLinksContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
