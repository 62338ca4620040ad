import AccordCore
import Foundation
import Testing

/// The behaviour every `ExpiryQueue` must have, with the sweep that reads it: each backend runs these cases in
/// one line, like `ConsentStoreContract`.
public enum ExpiryQueueContract {
    static let day: TimeInterval = 86_400
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "queueListsGrantsDueByTheHorizonInExpiryOrder") { store in
            let fixture = try await ContractFixture.make(in: store)
            let (first, second, denied, later) = (fixture.newSubject(), fixture.newSubject(), fixture.newSubject(), fixture.newSubject())
            _ = try await store.append([
                fixture.event(second, ["analytics": .granted], offset: 10),
                fixture.event(first, ["analytics": .granted], offset: 0),
                fixture.event(denied, ["analytics": .denied], offset: 5),
                fixture.event(later, ["analytics": .granted], offset: 30),
            ])
            let horizon = fixture.start.addingTimeInterval(365 * day + 20)
            let due = try await store.expiryCandidates(notice: nil, dueBy: horizon, after: nil, limit: 10)
            #expect(due.map(\.row.subject) == [first, second])
            #expect(due.allSatisfy { $0.regime == .optIn && $0.region == "DE-BY" && $0.policyHash == fixture.policy.contentHash })
            let page = try await store.expiryCandidates(notice: nil, dueBy: horizon, after: nil, limit: 1)
            #expect(page.map(\.row.subject) == [first])
            let next = try await store.expiryCandidates(notice: nil, dueBy: horizon, after: ExpiryCursor(after: page[0]), limit: 1)
            #expect(next.map(\.row.subject) == [second])
            // Once noticed as expiring, a grant is read only in the `expiring` stage, and never once expired.
            _ = try await ExpirySweep(store: store).run(at: fixture.start.addingTimeInterval(360 * day))
            #expect(try await store.expiryCandidates(notice: nil, dueBy: horizon, after: nil, limit: 10).isEmpty)
            let noticed = try await store.expiryCandidates(notice: .expiring, dueBy: horizon, after: nil, limit: 10)
            #expect(noticed.map(\.row.subject) == [first, second])
            _ = try await ExpirySweep(store: store).run(at: horizon)
            #expect(try await store.expiryCandidates(notice: .expiring, dueBy: horizon, after: nil, limit: 10).isEmpty)
            #expect(try await store.expiryCandidates(notice: .expired, dueBy: horizon, after: nil, limit: 10).isEmpty)
        },
        ContractCase(name: "sweepRecordsOneExpiringAndOneExpiredNoticePerGrant") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = [fixture.newSubject(), fixture.newSubject()]
            _ = try await store.append(subjects.map { fixture.event($0, ["analytics": .granted, "marketing": .denied]) })
            let sweep = ExpirySweep(store: store, pageSize: 1)
            let expiry = fixture.start.addingTimeInterval(365 * day)
            #expect(try await sweep.run(at: expiry.addingTimeInterval(-31 * day)).expiring == 0)
            #expect(try await sweep.run(at: expiry.addingTimeInterval(-29 * day)).expiring == 2)
            #expect(try await sweep.run(at: expiry.addingTimeInterval(-28 * day)) == ExpirySweep.Report())
            let expired = try await sweep.run(at: expiry.addingTimeInterval(1))
            #expect(expired.expired == 2 && expired.expiring == 0)
            let again = try await sweep.run(at: expiry.addingTimeInterval(2 * day))
            #expect(again == ExpirySweep.Report())
            for subject in subjects {
                let events = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10)
                #expect(events.map(\.event.kind) == [.expired, .expiring, nil])
                #expect(events.prefix(2).allSatisfy { $0.event.source == .expiry && $0.event.choices.isEmpty })
                #expect(events.prefix(2).allSatisfy { $0.event.expiresAt == ["analytics": expiry] })
                let state = try #require(try await store.states(of: [subject], in: fixture.property.id)[subject])
                #expect(state.purposes["analytics"]?.notice == .expired)
                #expect(state.purposes["analytics"]?.eventID == events[2].event.id)
                #expect(state.status(of: "analytics", at: expiry.addingTimeInterval(1)) == .expired)
            }
            #expect(try await StoreAudit.run(store).isClean)
            let before = try await store.allStates()
            try await store.rebuildStates()
            #expect(try await store.allStates() == before)
        },
        ContractCase(name: "renewedOrWithdrawnGrantIsNeverNoticedForItsOldExpiry") { store in
            let fixture = try await ContractFixture.make(in: store)
            let (renewed, withdrawn) = (fixture.newSubject(), fixture.newSubject())
            _ = try await store.append([
                fixture.event(renewed, ["analytics": .granted]), fixture.event(withdrawn, ["analytics": .granted]),
                fixture.event(renewed, ["analytics": .granted], offset: 40 * day),
                fixture.event(withdrawn, ["analytics": .denied], offset: 10 * day),
            ])
            let sweep = ExpirySweep(store: store)
            let oldExpiry = fixture.start.addingTimeInterval(365 * day)
            #expect(try await sweep.run(at: oldExpiry.addingTimeInterval(-day)) == ExpirySweep.Report(examined: 0))
            #expect(try await sweep.run(at: oldExpiry.addingTimeInterval(day)) == ExpirySweep.Report(examined: 0))
            let renewal = try await sweep.run(at: oldExpiry.addingTimeInterval(12 * day))
            #expect(renewal.expiring == 1)
            let events = try await store.events(of: renewed, in: fixture.property.id, before: nil, limit: 10)
            #expect(events.first?.event.expiresAt == ["analytics": oldExpiry.addingTimeInterval(40 * day)])
            // A notice about the withdrawn grant's old expiry, built by hand, is refused without a trace.
            let old = try #require(try await store.events(of: withdrawn, in: fixture.property.id, before: nil, limit: 10).last)
            let candidate = ExpiryCandidate(
                row: StateRow(
                    property: fixture.property.id, subject: withdrawn, purpose: "analytics",
                    state: PurposeState(
                        choice: .granted, since: fixture.start, expiresAt: oldExpiry, policyVersion: fixture.policy.version,
                        eventID: old.event.id)),
                regime: .optIn, region: nil, policyHash: fixture.policy.contentHash)
            let late = ExpiryNotices.event(.expired, for: candidate, id: .make(at: oldExpiry), at: oldExpiry)
            let result = try await store.append([late])
            guard case .stale = result[0] else {
                Issue.record("a notice for a withdrawn grant was stored: \(result)")
                return
            }
            #expect(try await store.events(of: withdrawn, in: fixture.property.id, before: nil, limit: 10).count == 2)
        },
        ContractCase(name: "concurrentSweepsRecordEachNoticeOnce") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subjects = (0..<20).map { _ in fixture.newSubject() }
            _ = try await store.append(subjects.map { fixture.event($0, ["analytics": .granted, "marketing": .granted]) })
            let expiry = fixture.start.addingTimeInterval(365 * day)
            for time in [expiry.addingTimeInterval(-day), expiry] {
                let reports = try await withThrowingTaskGroup(of: ExpirySweep.Report.self) { group in
                    for _ in 0..<3 { group.addTask { try await ExpirySweep(store: store, pageSize: 7).run(at: time) } }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(reports.map { $0.expiring + $0.expired }.reduce(0, +) == 40)
            }
            for subject in subjects {
                let kinds = try await store.events(of: subject, in: fixture.property.id, before: nil, limit: 10).map(\.event.kind)
                #expect(kinds.filter { $0 == .expiring }.count == 2 && kinds.filter { $0 == .expired }.count == 2)
            }
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]
}
