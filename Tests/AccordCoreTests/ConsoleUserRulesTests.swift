import AccordCore
import Foundation
import Testing

@Suite struct PasswordRulesTests {
    @Test(
        arguments: [
            ("short pass", PasswordRules.Problem.tooShort),
            ("Password2024!", .common), ("p4ssw0rd12345", .common), ("!!Welcome12345", .common), ("monkeymonkey", .common),
            ("123456789012", .common), ("abcdefghijkl", .common), ("qwertyuiop[]", .common), ("aaaaaaaaaaaa", .common),
            ("ababababababab", .common), ("accord-admin-2026", nil),
            ("jane.doe-rocks-2026", .containsEmail), ("long enough\u{0}but cut", .controlCharacter), (String(repeating: "é", count: 40), .tooLong),
        ] as [(String, PasswordRules.Problem?)])
    func refusesWeakPasswords(_ password: String, _ problem: PasswordRules.Problem?) {
        #expect(PasswordRules.check(password, email: "jane.doe@example.org") == problem ?? nil, "\(password)")
    }

    @Test(arguments: ["correct horse battery staple", "violet-ferry-lantern-42", "Tr0mbone&Quiche&Atlas"])
    func acceptsPassphrasesAndRandomPasswords(_ password: String) {
        #expect(PasswordRules.check(password, email: "jane.doe@example.org") == nil)
    }
}

@Suite struct SignInLockoutTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    @Test func fifthConsecutiveFailureLocksForFifteenMinutes() {
        var state: (failures: Int, lockedUntil: Date?) = (0, nil)
        for attempt in 1...4 {
            state = SignInLockout.afterFailure(failures: state.failures, lockedUntil: state.lockedUntil, at: start)
            #expect(state.failures == attempt)
            #expect(state.lockedUntil == nil)
        }
        state = SignInLockout.afterFailure(failures: state.failures, lockedUntil: state.lockedUntil, at: start)
        #expect(state.lockedUntil == start.addingTimeInterval(15 * 60))
    }

    @Test func failuresDuringALockDoNotExtendItAndCountingRestartsAfter() {
        let locked = SignInLockout.afterFailure(failures: 4, lockedUntil: nil, at: start)
        let during = SignInLockout.afterFailure(failures: locked.failures, lockedUntil: locked.lockedUntil, at: start.addingTimeInterval(60))
        #expect(during.lockedUntil == locked.lockedUntil)
        let after = SignInLockout.afterFailure(
            failures: during.failures, lockedUntil: during.lockedUntil, at: start.addingTimeInterval(16 * 60))
        #expect(after.failures == 1)
        #expect(after.lockedUntil == nil)
    }
}

@Suite struct ConsoleSessionTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    @Test func sessionEndsAfterThirtyIdleMinutesOrTwelveHours() {
        let (token, session) = ConsoleSession.start(for: .make(), at: start)
        #expect(Base64URL.decode(token)?.count == 32)
        #expect(session.hash == ConsoleSession.hash(of: token))
        #expect(session.isLive(at: start.addingTimeInterval(30 * 60 - 1)))
        #expect(!session.isLive(at: start.addingTimeInterval(30 * 60)))
        var busy = session
        busy.lastSeenAt = start.addingTimeInterval(12 * 3600 - 60)
        #expect(busy.isLive(at: start.addingTimeInterval(12 * 3600 - 1)))
        #expect(!busy.isLive(at: start.addingTimeInterval(12 * 3600)))
    }

    @Test func lastSeenIsWrittenAtMostOnceAMinute() {
        let (_, session) = ConsoleSession.start(for: .make(), at: start)
        #expect(!session.needsRefresh(at: start.addingTimeInterval(59)))
        #expect(session.needsRefresh(at: start.addingTimeInterval(60)))
    }

    @Test func roleGrantsFollowTheTable() {
        #expect(ConsoleRole.allCases.allSatisfy { $0.grants(.view) })
        #expect(ConsoleRole.allCases.filter { $0.grants(.configure) } == [.owner, .editor])
        #expect(ConsoleRole.allCases.filter { $0.grants(.administer) } == [.owner])
        #expect(ConsoleRole.allCases.filter { $0.grants(.subjects) } == [.owner, .agent, .auditor])
    }

    @Test(
        arguments: [(" Jane@Example.ORG ", "jane@example.org"), ("no-at.example.org", nil), ("a@b", nil), ("a@.b.c", nil)]
            as [(String, String?)])
    func addressesAreNormalised(_ text: String, _ expected: String?) {
        #expect(ConsoleUser.normalizedEmail(text) == expected)
    }
}

@Suite struct ConsentReportTests {
    @Test func reportCountsChoicesByDayKindPurposeAndRegion() async throws {
        let fixture = ContractFixtureShim(property: DemoProperty.make())
        let property = fixture.property
        let optional = property.purposes.filter { !$0.isRequired }.map(\.key)
        let now = fixture.start.addingTimeInterval(3 * 86_400)
        func event(_ offsetDays: Double, _ choices: [PurposeKey: ConsentChoice], region: String?) -> ConsentEvent {
            var event = fixture.event(choices, offset: offsetDays * 86_400)
            event.region = region
            return event
        }
        let all = Dictionary(uniqueKeysWithValues: optional.map { ($0, ConsentChoice.granted) })
        let none = Dictionary(uniqueKeysWithValues: optional.map { ($0, ConsentChoice.denied) })
        var mixed = none
        mixed[optional[0]] = .granted
        let events = [
            event(0, all, region: "DE"), event(0, none, region: "DE"), event(1, mixed, region: "FR"),
            event(-30, all, region: "DE"),  // before the period
            {
                var notice = event(1, none, region: "DE"); notice.source = .expiry; return notice
            }(),  // not a choice
        ]
        let report = ConsentReport.make(property: property, events: events, dayCount: 7, now: now)
        #expect(report.days.count == 7)
        #expect(report.totalChoices == 3)
        #expect((report.acceptAll, report.rejectAll, report.customised) == (1, 1, 1))
        #expect(report.purposes.first { $0.purpose == optional[0] }?.acceptancePercent == 67)
        #expect(report.purposes.first { $0.purpose == optional[1] }?.acceptancePercent == 33)
        #expect(report.regions.map(\.region) == ["DE", "FR"])
        #expect(report.csv.hasPrefix("date,impressions,choices,consented,accept_all,reject_all,customised\n"))
    }
}

/// The contract fixture's property and events, without a store.
struct ContractFixtureShim {
    let property: Property
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func event(_ choices: [PurposeKey: ConsentChoice], offset: TimeInterval) -> ConsentEvent {
        let time = start.addingTimeInterval(offset)
        return ConsentEvent(
            id: .make(at: time), property: property.id, subject: SubjectKey(bytes: Array(repeating: 7, count: 32))!,
            choices: choices, expiresAt: [:], regime: .optIn, region: nil, locale: "en", policyVersion: 1, policyHash: "h",
            source: .banner, gpc: false, tcString: nil, gppString: nil, ipPrefix: nil, userAgent: nil, clientTime: nil,
            recordedAt: time, idempotencyKey: nil, authentication: nil)
    }
}
