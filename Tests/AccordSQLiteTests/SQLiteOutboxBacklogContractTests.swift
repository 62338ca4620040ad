import AccordCore
import AccordSQLite
import AccordStoreTesting
import Testing

@Suite struct SQLiteOutboxBacklogContractTests {
    @Test(arguments: OutboxBacklogContract.cases)
    func contract(_ check: OutboxContractCase) async throws {
        let database = TemporaryDatabase()
        defer { database.remove() }
        try await check.run(try await database.open())
    }
}
