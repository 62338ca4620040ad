import AccordCore
import Foundation
import Testing

@Suite struct ConsentStateTests {
    let subject = SubjectKey(bytes: Array(repeating: 7, count: 32))!
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func event(_ choices: [PurposeKey: ConsentChoice], at offset: TimeInterval, lifetimeDays: Int = 365) -> ConsentEvent {
        let time = start.addingTimeInterval(offset)
        return ConsentEvent(
            id: .make(at: time), property: "demo", subject: subject, choices: choices,
            expiresAt: choices.mapValues { _ in time.addingTimeInterval(Double(lifetimeDays) * 86_400) },
            regime: .optIn, policyVersion: 1, policyHash: "h", source: .banner, recordedAt: time)
    }

    @Test func withdrawalSupersedesEarlierGrant() {
        let grant = event(["analytics": .granted, "marketing": .granted], at: 0)
        let withdraw = event(["marketing": .denied], at: 10)
        let state = ConsentState(folding: [grant, withdraw])
        #expect(state.status(of: "analytics", at: start) == .granted)
        #expect(state.status(of: "marketing", at: start.addingTimeInterval(20)) == .denied)
        #expect(state.purposes["marketing"]?.eventID == withdraw.id)
        #expect(state.purposes["analytics"]?.eventID == grant.id)
    }

    @Test func laterEventWinsEvenWhenItGrantsAgain() {
        let state = ConsentState(folding: [
            event(["analytics": .denied], at: 0), event(["analytics": .granted], at: 5),
        ])
        #expect(state.status(of: "analytics", at: start.addingTimeInterval(6)) == .granted)
    }

    @Test func choiceExpiresAtTheEndOfItsLifetime() {
        let state = ConsentState(folding: [event(["analytics": .granted], at: 0, lifetimeDays: 30)])
        let expiry = start.addingTimeInterval(30 * 86_400)
        #expect(state.status(of: "analytics", at: expiry.addingTimeInterval(-1)) == .granted)
        #expect(state.status(of: "analytics", at: expiry) == .expired)
        #expect(state.status(of: "marketing", at: start) == .unset)
    }

    @Test func regimesDefaultNonRequiredPurposesDifferently() {
        let purposes = DemoProperty.make().purposes
        let optIn = Regime.optIn.defaults(for: purposes)
        let optOut = Regime.optOut.defaults(for: purposes)
        #expect(optIn["necessary"] == .granted)
        #expect(optIn["analytics"] == .denied)
        #expect(optOut["marketing"] == .granted)
        #expect(Regime.noticeOnly.defaults(for: purposes)["analytics"] == .granted)
    }

    @Test func decisionFollowsStateThenRegimeDefault() throws {
        let property = DemoProperty.make()
        let analytics = try #require(property.purpose("analytics"))
        let necessary = try #require(property.purpose("necessary"))
        let granted = ConsentState(folding: [event(["analytics": .granted], at: 0, lifetimeDays: 1)])
        let now = start.addingTimeInterval(60)
        #expect(ConsentDecision.isAllowed(analytics, state: granted.purposes["analytics"], regime: .optIn, at: now))
        #expect(!ConsentDecision.isAllowed(analytics, state: granted.purposes["analytics"], regime: .optIn, at: now.addingTimeInterval(86_400)))
        #expect(!ConsentDecision.isAllowed(analytics, state: nil, regime: .optIn, at: now))
        #expect(ConsentDecision.isAllowed(analytics, state: nil, regime: .optOut, at: now))
        #expect(ConsentDecision.isAllowed(necessary, state: nil, regime: .optIn, at: now))
        let denied = ConsentState(folding: [event(["analytics": .denied], at: 0)])
        #expect(!ConsentDecision.isAllowed(analytics, state: denied.purposes["analytics"], regime: .optOut, at: now))
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [Int64(1_790_000_000_123), 1_790_000_000_000, 1_790_000_000_999, 1_790_000_000_001, 1])
    func millisecondsSurviveEveryConversion(_ milliseconds: Int64) {
        let date = Date(millisecondsSince1970: milliseconds)
        #expect(date.millisecondsSince1970 == milliseconds)
        #expect(Date(rfc3339: date.rfc3339)?.millisecondsSince1970 == milliseconds)
        #expect(date.truncatedToMilliseconds == date)
    }

    @Test func formatsAsRFC3339WithMillisecondsInUTC() {
        #expect(Date(millisecondsSince1970: 1_790_000_000_123).rfc3339 == "2026-09-21T14:13:20.123Z")
        #expect(Date(millisecondsSince1970: 1_790_000_000_005).rfc3339 == "2026-09-21T14:13:20.005Z")
    }

    /// RFC 3339 years have four digits: a time whose UTC form would not is refused, not echoed malformed.
    @Test(arguments: [
        "10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "99999-12-31T23:59:59.999Z", "9999-12-31T23:00:00-05:00",
        "-0001-01-01T00:00:00Z", "999-01-01T00:00:00Z", "0000-01-01T00:00:00+01:00", "yesterday",
    ])
    func refusesTimesOutsideFourDigitYears(_ text: String) {
        #expect(Date(rfc3339: text) == nil)
    }

    @Test(arguments: [
        ("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"), ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ("2026-09-21T16:13:20.123+02:00", "2026-09-21T14:13:20.123Z"),
    ])
    func acceptsTheWholeRangeAndEchoesItInRFC3339(_ text: String, _ echoed: String) {
        #expect(Date(rfc3339: text)?.rfc3339 == echoed)
    }
}
