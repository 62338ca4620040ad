import AccordSQLite
import AccordStoreTesting
import Testing

@Suite struct SQLiteConsentSeederContractTests {
    @Test(arguments: ConsentSeederContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}
