import Testing

@testable import AccordCore

/// The US state rows' appeal and response figures and citations, row by row, as `LawTable+USStates.swift` cites
/// them: a changed figure or citation must be a deliberate change here too. (response days, appeal decision days,
/// appeal extension days, citation) Each row's comment in the table says which figures were read in the statute's
/// text and which are still UNCONFIRMED; `USStateStatuteTextTests` computes due dates from the ones that were read.
@Suite struct USStateAppealTests {
    static let expected: [(law: String, response: Int, appeal: Int?, appealExtension: Int?, citation: String)] = [
        ("us-va", 45, 60, nil, "Va. Code §59.1-577"),
        ("us-co", 45, 45, 60, "C.R.S. §6-1-1306(2)"),
        ("us-ct", 45, 60, nil, "Conn. Gen. Stat. §42-518"),
        ("us-ut", 45, nil, nil, "Utah Code §13-61-203"),
        ("us-tx", 45, 60, nil, "Tex. Bus. & Com. Code §541.052(b)"),
        ("us-or", 45, 45, nil, "ORS §646A.576"),
        ("us-mt", 45, 60, nil, "Mont. Code Ann. §30-14-2808(4)(a)"),
        ("us-ia", 90, 60, nil, "Iowa Code §715D.3(2)(a)"),
        ("us-de", 45, 60, nil, "6 Del. C. §12D-104"),
        ("us-nh", 45, 60, nil, "RSA 507-H:4"),
        ("us-nj", 45, 45, nil, "N.J. Stat. §56:8-166.7(a)"),
        ("us-ne", 45, 60, nil, "Neb. Rev. Stat. §87-1108"),
        ("us-tn", 45, 60, nil, "Tenn. Code Ann. §47-18-3304(b)(1)"),
        ("us-mn", 45, 45, 60, "Minn. Stat. §325M.14 subd. 4"),
        ("us-md", 45, 60, nil, "Md. Code Com. Law §14-4705(e)(2)"),
        ("us-in", 45, 60, nil, "Ind. Code §24-15-3-1(c)(1)"),
        ("us-ky", 45, 60, nil, "KRS §367.3615"),
        ("us-ri", 45, 60, nil, "R.I. Gen. Laws §6-48.1-6(b)(1)"),
    ]

    @Test func everyStateRowHasTheResponseAndAppealFiguresOfItsStatute() throws {
        #expect(LawTable.usStateLaws.map(\.id.rawValue) == Self.expected.map(\.law), "one expectation per row, in order")
        for row in Self.expected {
            let law = try #require(LawTable.law(id: Law.ID(row.law)))
            #expect(law.response == .calendarDays(row.response), "\(row.law) response")
            #expect(law.citation == row.citation, "\(row.law) citation")
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
