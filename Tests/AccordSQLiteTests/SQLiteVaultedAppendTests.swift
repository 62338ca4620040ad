import AccordSQLite
import AccordStoreTesting
import Testing

@Suite struct SQLiteVaultedAppendContractTests {
    @Test(arguments: VaultedAppendContract.cases + VaultedAppendContract.transactionalCases)
    func contract(_ check: VaultedAppendCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}
