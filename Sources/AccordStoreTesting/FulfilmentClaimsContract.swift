import AccordCore
import Foundation
import Testing

/// What every store's `FulfilmentClaims` must do (issue 14 §3): one holder per run at a time, also when many claim
/// at once; the holder renews, a lapsed lease goes to the next; a step's prepared outcome is written only under
/// the writer's own live lease, read back, replaced and removed.
public enum FulfilmentClaimsContract {
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "ofManyClaimingOneRunAtOnceExactlyOneWins") { store in
            let (run, start) = ("run-" + UUID().uuidString, Date(timeIntervalSince1970: 1_800_000_000))
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    group.addTask { try await store.claimRun(run, holder: "holder-\(index)", now: start, lease: .seconds(60)) }
                }
                var wins = 0
                for try await won in group where won { wins += 1 }
                return wins
            }
            #expect(wins == 1)
            // Another run is independent.
            #expect(try await store.claimRun("other-" + run, holder: "holder-0", now: start, lease: .seconds(60)))
        },
        ContractCase(name: "theHolderRenewsOthersWaitForTheLeaseToLapseOrTheRelease") { store in
            let (run, start) = ("run-" + UUID().uuidString, Date(timeIntervalSince1970: 1_800_000_000))
            #expect(try await store.claimRun(run, holder: "a", now: start, lease: .seconds(60)))
            #expect(try await store.claimRun(run, holder: "a", now: start.addingTimeInterval(30), lease: .seconds(60)), "renewal")
            #expect(try await !store.claimRun(run, holder: "b", now: start.addingTimeInterval(80), lease: .seconds(60)), "renewed to 90 s")
            #expect(try await store.claimRun(run, holder: "b", now: start.addingTimeInterval(90), lease: .seconds(60)), "lapsed")
            #expect(try await !store.claimRun(run, holder: "a", now: start.addingTimeInterval(91), lease: .seconds(60)))
            try await store.releaseRun(run, holder: "a")
            #expect(try await !store.claimRun(run, holder: "c", now: start.addingTimeInterval(92), lease: .seconds(60)), "not a's to release")
            try await store.releaseRun(run, holder: "b")
            #expect(try await store.claimRun(run, holder: "c", now: start.addingTimeInterval(92), lease: .seconds(60)))
        },
        ContractCase(name: "aStepOutcomeIsWrittenOnlyUnderTheWritersLiveLease") { store in
            let (run, start) = ("run-" + UUID().uuidString, Date(timeIntervalSince1970: 1_800_000_000))
            #expect(try await !store.recordStepOutcome("{}", run: run, step: "shop", holder: "a", now: start), "no claim")
            #expect(try await store.claimRun(run, holder: "a", now: start, lease: .seconds(60)))
            #expect(try await !store.recordStepOutcome("{}", run: run, step: "shop", holder: "b", now: start), "not b's lease")
            #expect(try await !store.recordStepOutcome("{}", run: run, step: "shop", holder: "a", now: start.addingTimeInterval(60)), "lapsed")
            #expect(try await store.stepOutcome(run: run, step: "shop") == nil)
            #expect(try await store.recordStepOutcome(#"{"deleted":3}"#, run: run, step: "shop", holder: "a", now: start))
            #expect(try await store.recordStepOutcome(#"{"deleted":4}"#, run: run, step: "shop", holder: "a", now: start))
            #expect(try await store.recordStepOutcome(#"{"deleted":1}"#, run: run, step: "crm", holder: "a", now: start))
            #expect(try await store.stepOutcome(run: run, step: "shop") == #"{"deleted":4}"#)
            // It outlives the claim: a resumed run (another holder) reads it.
            try await store.releaseRun(run, holder: "a")
            #expect(try await store.stepOutcome(run: run, step: "shop") == #"{"deleted":4}"#)
            try await store.clearStepOutcome(run: run, step: "shop")
            #expect(try await store.stepOutcome(run: run, step: "shop") == nil)
            #expect(try await store.stepOutcome(run: run, step: "crm") == #"{"deleted":1}"#)
        },
    ]
}
