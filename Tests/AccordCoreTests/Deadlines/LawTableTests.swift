import AccordCore
import Foundation
import Testing

@Suite struct LawTableTests {
    /// Received Monday 2 March 2026 (UTC), an access request: the last day each law allows, counted by hand.
    static let accessDueDates: [(String, String)] = [
        ("ccpa", "2026-04-16"),  // 45 days: 29 left in March, 16 in April
        ("gdpr", "2026-04-02"),  // one month, a Thursday
        ("uk-gdpr", "2026-04-02"),
        ("lgpd", "2026-03-17"),  // 15 days
        ("pipeda", "2026-04-01"),  // 30 days
        ("quebec-law-25", "2026-04-01"),
        ("us-va", "2026-04-16"), ("us-co", "2026-04-16"), ("us-ct", "2026-04-16"), ("us-ut", "2026-04-16"),
        ("us-tx", "2026-04-16"), ("us-or", "2026-04-16"), ("us-mt", "2026-04-16"),
        ("us-ia", "2026-05-31"),  // 90 days: 29 + 30 + 31
        ("us-de", "2026-04-16"), ("us-nh", "2026-04-16"), ("us-nj", "2026-04-16"), ("us-ne", "2026-04-16"),
        ("us-tn", "2026-04-16"), ("us-mn", "2026-04-16"), ("us-md", "2026-04-16"), ("us-in", "2026-04-16"),
        ("us-ky", "2026-04-16"), ("us-ri", "2026-04-16"),
    ]

    @Test func everyLawInTheTableHasAHandComputedAccessDeadline() {
        #expect(Set(LawTable.all.map(\.id.rawValue)) == Set(Self.accessDueDates.map(\.0)))
    }

    @Test(arguments: accessDueDates)
    func accessDeadlineMatchesTheHandComputedDate(law: String, due: String) throws {
        let clock = RequestClock(law: Law.ID(law), type: .access, receivedAt: Day.noon("2026-03-02"))
        let deadlines = try RequestDeadlines.of(clock)
        #expect(deadlines.dueDate == day(due))
        #expect(deadlines.dueAt == day(due).end(in: TimeZone(identifier: "UTC")!))
        #expect(deadlines.extendedDueAt == nil)
    }

    /// The extended last day for the same receipt, where the law allows an extension.
    static let extendedDueDates: [(String, String)] = [
        ("ccpa", "2026-05-31"),  // 90 days
        ("gdpr", "2026-06-02"),  // three months, a Tuesday
        ("uk-gdpr", "2026-06-02"),
        ("pipeda", "2026-05-01"),  // 60 days
        ("us-va", "2026-05-31"), ("us-tx", "2026-05-31"), ("us-nj", "2026-05-31"),
        ("us-ia", "2026-07-15"),  // 135 days: 90 to 31 May, then 30 + 15
    ]

    @Test(arguments: extendedDueDates)
    func extensionWithinTheWindowLengthensTheDeadlineByTheLawsFigure(law: String, due: String) throws {
        let clock = RequestClock(law: Law.ID(law), type: .access, receivedAt: Day.noon("2026-03-02"))
        let extended = try RequestDeadlines.extend(clock, reason: "many systems", at: Day.noon("2026-03-10"), calendar: Day.calendar()).get()
        let deadlines = try RequestDeadlines.of(extended)
        #expect(deadlines.extendedDueDate == day(due))
        #expect(deadlines.effectiveDueAt == day(due).end(in: TimeZone(identifier: "UTC")!))
        #expect(extended.extensions == [GrantedExtension(grantedAt: Day.noon("2026-03-10"), reason: "many systems")])
    }

    @Test(arguments: ["lgpd", "quebec-law-25"])
    func lawsWithoutAnExtensionRefuseOne(law: String) {
        let clock = RequestClock(law: Law.ID(law), type: .access, receivedAt: Day.noon("2026-03-02"))
        let result = RequestDeadlines.extend(clock, reason: "busy", at: Day.noon("2026-03-03"), calendar: Day.calendar())
        #expect(result == .failure(.notAllowedByLaw(Law.ID(law))))
    }

    @Test(arguments: [
        ("US-CA", "ccpa"), ("us-ca", "ccpa"), ("DE", "gdpr"), ("DE-BY", "gdpr"), ("NO", "gdpr"), ("IS", "gdpr"),
        ("GB", "uk-gdpr"), ("GB-SCT", "uk-gdpr"), ("BR", "lgpd"), ("CA", "pipeda"), ("CA-ON", "pipeda"),
        ("CA-QC", "quebec-law-25"), ("US-VA", "us-va"), ("US-TX", "us-tx"), ("US-IA", "us-ia"),
    ])
    func jurisdictionsFindTheirLaw(code: String, law: String) {
        #expect(LawTable.law(for: Jurisdiction(code)!)?.id == Law.ID(law))
    }

    @Test func jurisdictionsWithoutALawFindNone() {
        for code in ["US", "US-WA", "JP", "CH"] { #expect(LawTable.law(for: Jurisdiction(code)!) == nil, "\(code)") }
    }

    @Test func malformedJurisdictionsAreRefused() {
        for code in ["", "U", "USA", "US-", "US-CALI", "U1", "US_CA", "DE-BY-X", "É"] { #expect(Jurisdiction(code) == nil, "\(code)") }
    }

    @Test func everyJurisdictionBelongsToOneLawOnly() {
        var seen: [Jurisdiction: Law.ID] = [:]
        for law in LawTable.all {
            for jurisdiction in law.jurisdictions {
                #expect(seen[jurisdiction] == nil, "\(jurisdiction) in \(law.id) and \(seen[jurisdiction]?.rawValue ?? "")")
                seen[jurisdiction] = law.id
            }
        }
        #expect(LawTable.gdpr.jurisdictions.count == 30, "27 member states and IS, LI, NO")
    }
}
