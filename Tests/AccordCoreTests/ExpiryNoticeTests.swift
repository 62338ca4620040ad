import AccordCore
import Foundation
import Testing

@Suite struct ExpiryNoticeTests {
    let subject = SubjectKey(bytes: Array(repeating: 9, count: 32))!
    let start = Date(millisecondsSince1970: 1_790_000_000_000)
    let day: TimeInterval = 86_400
    var expiry: Date { start.addingTimeInterval(365 * day) }

    func choice(_ choices: [PurposeKey: ConsentChoice], at offset: TimeInterval) -> ConsentEvent {
        let time = start.addingTimeInterval(offset)
        return ConsentEvent(
            id: .make(at: time), property: "demo", subject: subject, choices: choices,
            expiresAt: choices.mapValues { _ in time.addingTimeInterval(365 * day) }, regime: .optIn, policyVersion: 1,
            policyHash: "h", source: .banner, recordedAt: time)
    }

    func notice(_ kind: EventKind, about instant: Date, purpose: PurposeKey = "analytics") -> ConsentEvent {
        let candidate = ExpiryCandidate(
            row: StateRow(
                property: "demo", subject: subject, purpose: purpose,
                state: PurposeState(choice: .granted, since: start, expiresAt: instant, policyVersion: 1, eventID: EventID(rawValue: "e"))),
            regime: .optIn, region: nil, policyHash: "h")
        return ExpiryNotices.event(kind, for: candidate, id: .make(at: instant), at: instant)
    }

    func granted(notice: EventKind? = nil) -> PurposeState {
        PurposeState(choice: .granted, since: start, expiresAt: expiry, policyVersion: 1, eventID: EventID(rawValue: "e"), notice: notice)
    }

    @Test(
        arguments: [
            // (days before the expiry the sweep runs, notice recorded already, notice window, notice due)
            (31.0, nil, 30, nil), (30.0, nil, 30, EventKind.expiring), (1.0, nil, 30, .expiring),
            (1.0, .expiring, 30, nil), (0.0, .expiring, 30, .expired), (-5.0, nil, 30, .expired),
            (-5.0, .expired, 30, nil), (1.0, nil, 0, nil), (0.0, nil, 0, .expired), (200.0, nil, 365, .expiring),
        ] as [(Double, EventKind?, Int, EventKind?)])
    func noticeIsDueInItsWindowOnceAndLateSweepsOnlyRecordTheExpiry(
        before days: Double, recorded: EventKind?, window: Int, due: EventKind?
    ) {
        let now = expiry.addingTimeInterval(-days * day)
        #expect(ExpiryNotices.due(granted(notice: recorded), noticeDays: window, at: now) == due)
    }

    @Test func refusalsAndChoicesWithoutExpiryAreNeverDue() {
        var denied = granted()
        denied.choice = .denied
        #expect(ExpiryNotices.due(denied, noticeDays: 30, at: expiry) == nil)
        var forever = granted()
        forever.expiresAt = nil
        #expect(ExpiryNotices.due(forever, noticeDays: 30, at: expiry) == nil)
    }

    @Test func noticeMarksTheGrantWithoutChangingTheChoice() {
        let grant = choice(["analytics": .granted, "marketing": .granted], at: 0)
        let state = ConsentState(folding: [grant, notice(.expiring, about: expiry)])
        let analytics = state.purposes["analytics"]
        #expect(analytics?.notice == .expiring)
        #expect(analytics?.choice == .granted && analytics?.eventID == grant.id && analytics?.since == start)
        #expect(state.purposes["marketing"]?.notice == nil)
        #expect(state.status(of: "analytics", at: expiry.addingTimeInterval(-1)) == .granted)
        let expired = ConsentState(folding: [grant, notice(.expiring, about: expiry), notice(.expired, about: expiry)])
        #expect(expired.purposes["analytics"]?.notice == .expired)
        #expect(expired.status(of: "analytics", at: expiry) == .expired)
    }

    @Test func noticeForAnotherExpiryARefusalOrARepeatChangesNothing() {
        let grant = choice(["analytics": .granted], at: 0)
        let renewed = ConsentState(folding: [grant, choice(["analytics": .granted], at: 10 * day)])
        #expect(renewed.changes(of: notice(.expiring, about: expiry)).isEmpty)
        let withdrawn = ConsentState(folding: [grant, choice(["analytics": .denied], at: 10 * day)])
        #expect(withdrawn.changes(of: notice(.expired, about: expiry)).isEmpty)
        let noticed = ConsentState(folding: [grant, notice(.expired, about: expiry)])
        #expect(noticed.changes(of: notice(.expiring, about: expiry)).isEmpty)
        #expect(noticed.changes(of: notice(.expired, about: expiry)).isEmpty)
    }

    @Test func renewalStartsWithoutANotice() {
        let state = ConsentState(folding: [
            choice(["analytics": .granted], at: 0), notice(.expiring, about: expiry), choice(["analytics": .granted], at: 340 * day),
        ])
        #expect(state.purposes["analytics"]?.notice == nil)
        #expect(state.purposes["analytics"]?.expiresAt == start.addingTimeInterval(705 * day))
    }

    @Test func plannerStoresANoticeOnceAndNeverForAWithdrawnGrant() {
        let grant = choice(["analytics": .granted], at: 0)
        let rows = ConsentState(folding: [grant]).purposes.map {
            StateRow(property: "demo", subject: subject, purpose: $0.key, state: $0.value)
        }
        let expiring = notice(.expiring, about: expiry)
        let plan = AppendPlanner.plan(events: [expiring, notice(.expiring, about: expiry)], heads: [], earlier: [], states: rows)
        #expect(plan.inserts.map(\.event.id) == [expiring.id])
        #expect(plan.states.map(\.state.notice) == [.expiring])
        let results = try? plan.results(sequences: [1])
        guard case .replayed = results?[1] else {
            Issue.record("the second notice with the same key did not replay the first: \(String(describing: results))")
            return
        }
        let withdrawal = choice(["analytics": .denied], at: 1)
        let refused = AppendPlanner.plan(events: [withdrawal, notice(.expired, about: expiry)], heads: [], earlier: [], states: rows)
        #expect(refused.inserts.map(\.event.id) == [withdrawal.id])
        guard case .stale(let state) = try? refused.results(sequences: [1])[1] else {
            Issue.record("a notice about a withdrawn grant was not stale")
            return
        }
        #expect(state.purposes["analytics"]?.choice == .denied)
    }

    @Test func noticesAreHashedWithTheirKindAndSourceIsNotRecordable() {
        let expiring = notice(.expiring, about: expiry)
        var expired = expiring
        expired.kind = .expired
        let chain = "demo/9"
        let genesis = AuditChain.genesisHash(of: chain)
        #expect(
            AuditChain.hash(of: expiring, chain: chain, position: 1, previousHash: genesis)
                != AuditChain.hash(of: expired, chain: chain, position: 1, previousHash: genesis))
        let bytes = String(decoding: AuditChain.canonicalBytes(of: expiring, chain: chain, position: 1), as: UTF8.self)
        #expect(bytes.hasPrefix("15:accord-event-v3;") && bytes.hasSuffix("-;8:expiring;-;"))
        #expect(expiring.source == .expiry && !ConsentSource.expiry.isRecordable)
        #expect(expiring.idempotencyKey == "expiry:expiring:analytics:\(expiry.millisecondsSince1970):\(subject.hex)")
    }

    @Test func purposeNoticeWindowOverridesThePropertys() {
        var property = DemoProperty.make()
        property.expiryNoticeDays = 14
        property.purposes[0].expiryNoticeDays = 60
        #expect(property.expiryNoticeDays(for: property.purposes[0].key) == 60)
        #expect(property.expiryNoticeDays(for: property.purposes[1].key) == 14)
        let now = Date(millisecondsSince1970: 0)
        #expect(ExpiryNotices.horizon(for: [property], at: now) == now.addingTimeInterval(60 * day))
    }
}
