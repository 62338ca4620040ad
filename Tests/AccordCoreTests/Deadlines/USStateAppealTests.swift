import Testing

@testable import AccordCore

/// The US state rows' appeal and response figures, row by row, as `LawTable+USStates.swift` cites them: a changed
/// figure must be a deliberate change here too. (response days, appeal decision days, appeal extension days)
/// The appeal figures of Virginia, Connecticut, Delaware and Nebraska were read in the codified text; the others
/// rest on secondary sources (each row's comment says which).
@Suite struct USStateAppealTests {
    static let expected: [(law: String, response: Int, appeal: Int?, appealExtension: Int?)] = [
        ("us-va", 45, 60, nil), ("us-co", 45, 45, 60), ("us-ct", 45, 60, nil), ("us-ut", 45, nil, nil),
        ("us-tx", 45, 60, nil), ("us-or", 45, 45, nil), ("us-mt", 45, 60, nil), ("us-ia", 90, 60, nil),
        ("us-de", 45, 60, nil), ("us-nh", 45, 60, nil), ("us-nj", 45, 45, nil), ("us-ne", 45, 60, nil),
        ("us-tn", 45, 60, nil), ("us-mn", 45, 45, 60), ("us-md", 45, 60, nil), ("us-in", 45, 60, nil),
        ("us-ky", 45, 60, nil), ("us-ri", 45, 60, nil),
    ]

    @Test func everyStateRowHasTheResponseAndAppealFiguresOfItsStatute() throws {
        #expect(LawTable.usStateLaws.map(\.id.rawValue) == Self.expected.map(\.law), "one expectation per row, in order")
        for row in Self.expected {
            let law = try #require(LawTable.law(id: Law.ID(row.law)))
            #expect(law.response == .calendarDays(row.response), "\(row.law) response")
            #expect(law.extensionRule == ExtensionRule(length: .calendarDays(45)), "\(row.law): once, 45 more days, notice in the first period")
            switch law.appeal {
            case .controller(let appeal):
                #expect(appeal.response == .calendarDays(row.appeal ?? -1), "\(row.law) appeal decided within")
                #expect(appeal.extensionRule?.length == row.appealExtension.map { .calendarDays($0) }, "\(row.law) appeal extension")
                #expect(appeal.thenAuthority == "the state attorney general")
            case .none:
                #expect(row.appeal == nil, "\(row.law) has an appeal")
            case .authority:
                Issue.record("\(row.law): a US state's appeal goes to the controller first")
            }
        }
    }
}
