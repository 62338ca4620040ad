import AccordCore
import AccordStoreTesting
import Testing

@Suite struct InMemoryErasureContractTests {
    @Test(arguments: SubjectErasuresContract.cases)
    func contract(_ check: ContractCase) async throws {
        try await check.run(InMemoryConsentStore())
    }
}
