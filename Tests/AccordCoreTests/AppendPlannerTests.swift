import AccordCore
import AccordStoreTesting
import Foundation
import Testing

/// The append planner as a pure function: inputs as a store would load them, the plan and answers it gives.
@Suite struct AppendPlannerTests {
    /// One table row: a batch with what the store loaded for it, and what must come out.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var events: [ConsentEvent]
        var heads: [ChainHead] = []
        var earlier: [EarlierEvent] = []
        var states: [StateRow] = []
        /// Per event: its answer.
        var answers: [Answer]
        /// Per insert: its chain position.
        var positions: [Int64]
        /// Per moved chain: its new head position.
        var headsAfter: [String: Int64] = [:]
        /// The state rows written, as `<subject byte>/<purpose>=<choice>`.
        var written: [String] = []

        var testDescription: String { name }
    }

    enum Answer: Hashable, Sendable {
        /// Stored as the given insert.
        case recorded(Int)
        /// Answered from an insert earlier in the batch.
        case replayedInsert(Int)
        /// Answered from an event stored before.
        case replayed(EventID)
        case conflict(EventID)
        /// Refused for an erased subject (`ErasureScreen`, before planning).
        case erased
        /// A notice that no longer applies: nothing stored.
        case stale
    }

    static let cases: [Case] = {
        let fresh = event(1, ["analytics": .granted], at: 0)
        let other = event(2, ["analytics": .denied], at: 1)
        let sameChain = event(17, ["marketing": .granted], at: 2)
        let grant = event(3, ["analytics": .granted, "marketing": .granted], at: 0)
        let withdraw = event(3, ["marketing": .denied], at: 1)
        let older = event(5, ["analytics": .denied], at: 0)
        let original = event(5, ["analytics": .granted], at: 1, key: "k")
        let stored = StoredEvent(event: original, sequence: 41, link: ChainLink(chain: chain(5), position: 2, previousHash: "a", hash: "b"))
        var retry = event(5, ["analytics": .granted], at: 9, key: "k")
        retry.id = EventID(rawValue: "retry")
        let reuse = event(5, ["analytics": .denied], at: 9, key: "k")
        let first = event(4, ["analytics": .granted], at: 0, key: "twice")
        var twin = first
        twin.id = EventID(rawValue: "twin")
        var changed = twin
        changed.choices = ["analytics": .denied]
        var elsewhere = event(5, ["analytics": .granted], at: 9, key: "k")
        elsewhere.property = "q"
        return [
            Case(
                name: "aChainsFirstEventLinksToItsGenesis", events: [fresh], answers: [.recorded(0)], positions: [1],
                headsAfter: [chain(1): 1], written: ["1/analytics=granted"]),
            Case(
                name: "eventsOnDifferentChainsMoveEachHead", events: [fresh, other, sameChain],
                heads: [ChainHead(chain: chain(1), position: 5, hash: "h5")], answers: [.recorded(0), .recorded(1), .recorded(2)],
                positions: [6, 1, 7], headsAfter: [chain(1): 7, chain(2): 1],
                written: ["1/analytics=granted", "2/analytics=denied", "17/marketing=granted"]),
            Case(
                name: "twoEventsOfOneSubjectLinkAndFoldInOrder", events: [grant, withdraw],
                states: [row(3, "personalization", .granted)], answers: [.recorded(0), .recorded(1)], positions: [1, 2],
                headsAfter: [chain(3): 2], written: ["3/analytics=granted", "3/marketing=denied"]),
            Case(
                name: "theSameRequestStoredBeforeIsReplayed", events: [retry],
                earlier: [EarlierEvent(stored: stored, history: [older, original])], answers: [.replayed(original.id)], positions: []),
            Case(
                name: "aKeyReusedForAnotherRequestIsRefused", events: [reuse],
                earlier: [EarlierEvent(stored: stored, history: [older, original])], answers: [.conflict(original.id)], positions: []),
            Case(
                name: "theSameKeyTwiceInOneBatchStoresOnce", events: [first, twin], answers: [.recorded(0), .replayedInsert(0)],
                positions: [1], headsAfter: [chain(4): 1], written: ["4/analytics=granted"]),
            Case(
                name: "theSameKeyTwiceInOneBatchWithOtherContentIsRefused", events: [first, changed],
                answers: [.recorded(0), .conflict(first.id)], positions: [1], headsAfter: [chain(4): 1], written: ["4/analytics=granted"]),
            Case(
                name: "keysAreScopedToTheirProperty", events: [elsewhere],
                earlier: [EarlierEvent(stored: stored, history: [older, original])], answers: [.recorded(0)], positions: [1],
                headsAfter: ["q/5": 1], written: ["5/analytics=granted"]),
        ]
    }()

    @Test(arguments: cases)
    func plan(_ check: Case) throws {
        let plan = AppendPlanner.plan(events: check.events, heads: check.heads, earlier: check.earlier, states: check.states)
        let sequences = plan.inserts.indices.map { Int64(100 + $0) }
        let results = try plan.results(sequences: sequences)
        #expect(results.map { Self.answer($0, inserts: plan.inserts) } == check.answers)
        #expect(plan.inserts.map(\.link.position) == check.positions)
        #expect(Dictionary(uniqueKeysWithValues: plan.heads.map { ($0.chain, $0.position) }) == check.headsAfter)
        #expect(plan.states.map { "\($0.subject.bytes[0])/\($0.purpose)=\($0.state.choice.rawValue)" }.sorted() == check.written.sorted())
        // Every insert links after the previous link of its chain, from the loaded head or the genesis.
        var heads = Dictionary(uniqueKeysWithValues: check.heads.map { ($0.chain, $0) })
        for insert in plan.inserts {
            let head = heads[insert.link.chain] ?? .genesis(of: insert.link.chain)
            #expect(insert.link == AuditChain.link(insert.event, after: head))
            heads[insert.link.chain] = insert.link.head
        }
        #expect(plan.heads.allSatisfy { heads[$0.chain] == $0 })
        // A recorded event's state is its subject's loaded state with the batch's events up to it folded in.
        for (event, result) in zip(check.events, results) {
            guard case .recorded(let stored, let state) = result else { continue }
            let loaded = check.states.filter { $0.subject == event.subject && $0.property == event.property }
            var expected = ConsentState(purposes: Dictionary(uniqueKeysWithValues: loaded.map { ($0.purpose, $0.state) }))
            for insert in plan.inserts.prefix(through: sequences.firstIndex(of: stored.sequence)!)
            where insert.event.subject == event.subject && insert.event.property == event.property {
                expected.apply(insert.event)
            }
            #expect(state == expected)
        }
        // A replay of a stored event answers with the state folded from its subject's history up to it.
        for (answer, result) in zip(check.answers, results) {
            if case .replayed = answer, case .replayed(_, let state) = result {
                #expect(state == ConsentState(folding: check.earlier[0].history))
            }
        }
    }

    @Test func aReplayInsideTheBatchAnswersWithTheFirstEventsState() throws {
        let first = Self.event(4, ["analytics": .granted], at: 0, key: "twice")
        var twin = first
        twin.id = EventID(rawValue: "twin")
        let later = Self.event(4, ["analytics": .denied], at: 1)
        let plan = AppendPlanner.plan(events: [first, later, twin], heads: [], earlier: [], states: [])
        let results = try plan.results(sequences: [7, 8])
        #expect(results[2] == .replayed(StoredEvent(event: first, sequence: 7, link: plan.inserts[0].link), state: results[0].state!))
        #expect(results[2].state?.purposes["analytics"]?.choice == .granted)
    }

    @Test func lookupsNameEachChainSubjectAndKeyOnceInOrder() {
        let events = [
            Self.event(2, ["a": .granted], at: 0, key: "y"), Self.event(1, ["a": .granted], at: 1, key: "x"),
            Self.event(2, ["b": .granted], at: 2, key: "y"), Self.event(18, ["a": .denied], at: 3),
        ]
        let lookups = AppendPlanner.lookups(for: events)
        #expect(lookups.chains == [Self.chain(1), Self.chain(2)])
        #expect(lookups.subjects.map(\.subject.bytes.first) == [1, 2, 18])
        #expect(lookups.idempotencyKeys.map(\.key) == ["x", "y"])
    }

    @Test func resultsNeedOneSequenceNumberPerInsert() {
        let plan = AppendPlanner.plan(events: [Self.event(1, ["a": .granted], at: 0)], heads: [], earlier: [], states: [])
        #expect(throws: StoreError.self) { try plan.results(sequences: []) }
    }

    @Test func importingKeepsLinksAndMovesHeadsToTheLastOnes() {
        let one = Self.event(1, ["a": .granted], at: 0)
        let two = Self.event(1, ["a": .denied], at: 1)
        let links = [
            ChainLink(chain: Self.chain(1), position: 1, previousHash: "g", hash: "h1"),
            ChainLink(chain: Self.chain(1), position: 2, previousHash: "h1", hash: "h2"),
        ]
        let plan = AppendPlanner.importing(zip([one, two], links).map { StoredEvent(event: $0, sequence: 0, link: $1) })
        #expect(plan.inserts.map(\.link) == links)
        #expect(plan.heads == [links[1].head])
        #expect(plan.states.map(\.state.eventID) == [two.id])
    }

    /// The subject whose key starts with `byte` (its chain is `p/<byte % 16>`).
    static func subject(_ byte: UInt8) -> SubjectKey { SubjectKey(bytes: [byte] + Array(repeating: 0, count: 31))! }

    static func chain(_ byte: UInt8) -> String { AuditChain.chain(for: "p", subject: subject(byte)) }

    static func event(_ subject: UInt8, _ choices: [PurposeKey: ConsentChoice], at seconds: Int, key: String? = nil) -> ConsentEvent {
        let time = Date(millisecondsSince1970: 1_790_000_000_000 + Int64(seconds) * 1000)
        return ConsentEvent(
            id: EventID(rawValue: "e-\(subject)-\(seconds)-\(choices.keys.sorted().map(\.rawValue).joined())"), property: "p",
            subject: Self.subject(subject), choices: choices, expiresAt: [:], regime: .optIn, policyVersion: 1, policyHash: "ph",
            source: .banner, recordedAt: time, idempotencyKey: key, authentication: .keyless(origin: "https://shop.example"))
    }

    static func row(_ subject: UInt8, _ purpose: PurposeKey, _ choice: ConsentChoice) -> StateRow {
        StateRow(
            property: "p", subject: Self.subject(subject), purpose: purpose,
            state: PurposeState(
                choice: choice, since: Date(millisecondsSince1970: 0), expiresAt: nil, policyVersion: 1, eventID: EventID(rawValue: "old")))
    }

    static func answer(_ result: AppendResult, inserts: [LinkedEvent]) -> Answer {
        switch result {
        case .recorded(let stored, _): .recorded(Int(stored.sequence) - 100)
        case .replayed(let stored, _) where stored.sequence >= 100: .replayedInsert(Int(stored.sequence) - 100)
        case .replayed(let stored, _): .replayed(stored.event.id)
        case .idempotencyConflict(let existing): .conflict(existing)
        case .stale: .stale
        case .subjectErased: .erased
        }
    }
}
