import AccordCore
import AccordStoreTesting
import Foundation
import GRDB
import Testing

@testable import AccordSQLite

/// The event and state cells the append binds, written field by field (`SQLiteCompactCells.eventValues` /
/// `stateValues`), are column for column the cells the generic path (the records' `Encodable` conformance, then the
/// compact forms) gives: same storage class, same value.
@Suite struct SQLiteDirectCellsTests {
    static func same(_ direct: [(any DatabaseValueConvertible)?], _ generic: [(any DatabaseValueConvertible)?], columns: [String]) {
        #expect(direct.count == columns.count)
        #expect(generic.count == columns.count)
        for (index, column) in columns.enumerated() where index < direct.count && index < generic.count {
            let left = direct[index]?.databaseValue ?? .null
            let right = generic[index]?.databaseValue ?? .null
            #expect(left == right, "\(column): \(left) against \(right)")
        }
    }

    /// Events of every shape the planner writes: plain banner choices, every optional field set, a notice, a link,
    /// a form's, an import's (its compact key), odd hashes and ids kept as text; each with the state rows it leaves.
    @Test func directCellsAreTheGenericCells() async throws {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let subject = fixture.newSubject()
        var plain = fixture.event(subject, ["analytics": .granted, "marketing": .denied])
        plain.idempotencyKey = "0123456789abcdef0123456789abcdef"
        var full = fixture.event(fixture.newSubject(), ["analytics": .denied], offset: 1)
        full.region = "DE-BY"
        full.locale = "de"
        full.gpc = true
        full.tcString = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
        full.gppString = "DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
        full.ipPrefix = "203.0.113.0/24"
        full.userAgent = "Chrome 131"
        full.clientTime = Date(timeIntervalSince1970: 1_764_000_000.123)
        full.idempotencyKey = "import:" + String(repeating: "ab", count: 20)
        full.authentication = .keyless(origin: "https://www.example.com")
        full.expiresAt[PurposeKey(rawValue: "analytics")] = full.recordedAt.addingTimeInterval(86_400)
        var mixed = fixture.event(subject, ["analytics": .granted, "marketing": .granted], offset: 2)
        mixed.expiresAt[PurposeKey(rawValue: "marketing")] = mixed.recordedAt.addingTimeInterval(7 * 86_400)
        mixed.policyHash = String(repeating: "A", count: 64)
        let plan = AppendPlanner.plan(events: [plain, full, mixed], heads: [], earlier: [], states: [])
        var records = plan.inserts.map(\.record)
        records[0].seq = 41
        records[1].kind = "expiring"
        records[1].linkedSubject = Data(repeating: 7, count: 32)
        records[1].formRef = "signup/3/" + String(repeating: "c", count: 64)
        records[1].origin = #"{"source":"import"}"#
        records[2].prevHash = "not-a-hash"
        for record in records {
            Self.same(
                try SQLiteCompactCells.eventValues(record), try SQLiteCompactCells.genericEventValues(record),
                columns: EventRecord.columns)
        }
        var states = plan.states.map(StateRecord.init)
        #expect(states.count >= 3)
        states[0].expiryNotice = "expiring"
        states[1].eventID = "NOT-A-UUID"
        states[2].expiresAt = nil
        for state in states {
            Self.same(
                try SQLiteCompactCells.stateValues(state), try SQLiteCompactCells.genericStateValues(state),
                columns: StateRecord.columns)
        }
    }
}
