import AccordCore
import AccordSQLite
import AccordStoreTesting
import Testing

@Suite struct SQLiteStoreContractTests {
    @Test(arguments: ConsentStoreContract.cases)
    func contract(_ check: ContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}

@Suite struct SQLiteConfigurationContractTests {
    @Test(arguments: ConfigurationStoreContract.cases)
    func contract(_ check: ConfigurationContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}
