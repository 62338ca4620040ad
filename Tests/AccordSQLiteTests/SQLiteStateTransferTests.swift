import AccordCore
import AccordSQLite
import AccordStoreTesting
import Testing

@Suite struct SQLiteStateTransferTests {
    @Test(arguments: StateTransferContract.cases)
    func contract(_ check: TransferContractCase) async throws {
        let source = TemporaryDatabase()
        let target = TemporaryDatabase()
        defer {
            source.remove()
            target.remove()
        }
        try await check.run(try await source.open(), try await target.open())
    }
}
