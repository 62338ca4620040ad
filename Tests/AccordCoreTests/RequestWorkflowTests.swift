import AccordCore
import Foundation
import Testing

@Suite struct RequestWorkflowTests {
    @Test func closedRequestsGoNowhere() {
        for status in RequestStatus.allCases where !status.isOpen {
            #expect(RequestWorkflow.targets(from: status).isEmpty)
        }
    }

    @Test func theHappyPathIsAllowed() throws {
        try RequestWorkflow.check(from: .verified, to: .inProgress, reason: nil, exemption: nil)
        try RequestWorkflow.check(from: .inProgress, to: .completed, reason: nil, exemption: nil)
        try RequestWorkflow.check(from: .verifying, to: .withdrawn, reason: nil, exemption: nil)
    }

    @Test func completingAnUnverifiedRequestIsForbidden() {
        #expect(throws: RequestWorkflow.Refusal.forbidden(from: .verifying, to: .completed)) {
            try RequestWorkflow.check(from: .verifying, to: .completed, reason: nil, exemption: nil)
        }
        #expect(throws: RequestWorkflow.Refusal.forbidden(from: .completed, to: .inProgress)) {
            try RequestWorkflow.check(from: .completed, to: .inProgress, reason: nil, exemption: nil)
        }
    }

    @Test func verifiedIsReachedByVerifyingNotByATransition() {
        #expect(throws: RequestWorkflow.Refusal.verificationRequired) {
            try RequestWorkflow.check(from: .verifying, to: .verified, reason: nil, exemption: nil)
        }
    }

    @Test func aDenialNeedsAReasonAndAnExemption() throws {
        #expect(throws: RequestWorkflow.Refusal.reasonRequired) {
            try RequestWorkflow.check(from: .inProgress, to: .denied, reason: "  ", exemption: .security)
        }
        #expect(throws: RequestWorkflow.Refusal.exemptionRequired) {
            try RequestWorkflow.check(from: .inProgress, to: .denied, reason: "fraud", exemption: nil)
        }
        #expect(throws: RequestWorkflow.Refusal.exemptionNotAllowed) {
            try RequestWorkflow.check(from: .inProgress, to: .completed, reason: nil, exemption: .security)
        }
        try RequestWorkflow.check(from: .inProgress, to: .denied, reason: "fraud investigation", exemption: .security)
    }

    @Test func verificationStrengthFollowsTheTable() {
        #expect(VerificationStrength.required(for: .optOut, scope: nil, agent: false) == .none)
        #expect(VerificationStrength.required(for: .limitSensitive, scope: nil, agent: false) == .none)
        #expect(VerificationStrength.required(for: .access, scope: .categories, agent: false) == .reasonable)
        #expect(VerificationStrength.required(for: .access, scope: .specificPieces, agent: false) == .reasonablyHigh)
        #expect(VerificationStrength.required(for: .deletion, scope: nil, agent: false) == .reasonable)
        #expect(VerificationStrength.required(for: .optOut, scope: nil, agent: true) == .reasonable, "the consumer confirms")
    }
}

@Suite struct VerificationCodeTests {
    let key = Array(repeating: UInt8(7), count: 32)
    let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func theRightCodeIsAcceptedWithinThirtyMinutes() {
        var generator = SystemRandomNumberGenerator()
        var (code, challenge) = VerificationChallenge.issue(requestID: "req_1", key: key, now: start, using: &generator)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(challenge.codeHash != code && !challenge.codeHash.contains(code))
        #expect(challenge.check(code, requestID: "req_1", key: key, now: start.addingTimeInterval(29 * 60)) == .accepted)
        #expect(challenge.check(code, requestID: "req_2", key: key, now: start) == .wrong(remaining: 4), "bound to the request")
    }

    @Test func anExpiredCodeIsRefused() {
        var generator = SystemRandomNumberGenerator()
        var (code, challenge) = VerificationChallenge.issue(requestID: "req_1", key: key, now: start, using: &generator)
        #expect(challenge.check(code, requestID: "req_1", key: key, now: start.addingTimeInterval(30 * 60)) == .expired)
    }

    @Test func fiveWrongTriesSpendTheCode() {
        var generator = SystemRandomNumberGenerator()
        var (code, challenge) = VerificationChallenge.issue(requestID: "req_1", key: key, now: start, using: &generator)
        let wrong = code == "000000" ? "000001" : "000000"
        for remaining in (0..<5).reversed() {
            #expect(challenge.check(wrong, requestID: "req_1", key: key, now: start) == .wrong(remaining: remaining))
        }
        #expect(challenge.check(code, requestID: "req_1", key: key, now: start) == .exhausted)
        let (fresh, renewed) = challenge.renewed(requestID: "req_1", key: key, now: start.addingTimeInterval(61), using: &generator)
        var next = renewed
        #expect(next.sends == 2 && next.failedAttempts == 0)
        #expect(next.check(fresh, requestID: "req_1", key: key, now: start.addingTimeInterval(62)) == .accepted)
    }

    @Test func resendsAreLimited() {
        var generator = SystemRandomNumberGenerator()
        let (_, challenge) = VerificationChallenge.issue(requestID: "req_1", key: key, now: start, using: &generator)
        #expect(!challenge.mayResend(now: start.addingTimeInterval(30)))
        #expect(challenge.mayResend(now: start.addingTimeInterval(60)))
        var spent = challenge
        spent.sends = VerificationChallenge.maximumSends
        #expect(!spent.mayResend(now: start.addingTimeInterval(3600)))
    }

    @Test func codesAreSixDigitsAndCoverTheRange() {
        var draws = SystemRandomNumberGenerator()
        let codes = (0..<2_000).map { _ in VerificationChallenge.issue(requestID: "r", key: key, now: start, using: &draws).code }
        #expect(codes.allSatisfy { $0.count == 6 && $0.allSatisfy(\.isNumber) })
        #expect(Set(codes.map(\.first)).count == 10, "every leading digit appears, zero included")
    }
}
