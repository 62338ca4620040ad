/// The laws Accord knows and the jurisdictions they apply to (issue 13 §3). Figures are the statutes' own; each row
/// cites its source. Not legal advice: a property whose lawyers read a law differently can still pick the law for a
/// request by hand.
public enum LawTable {
    /// Every law in the table.
    public static let all: [Law] = [ccpa, gdpr, ukGDPR, lgpd, pipeda, quebecLaw25] + usStateLaws

    /// The law with this id, if Accord knows it.
    public static func law(id: Law.ID) -> Law? { byID[id] }

    /// The law for a requester's jurisdiction: the subdivision's own law first (`US-CA`, `CA-QC`), else the
    /// country's (`DE-BY` → GDPR, `CA-ON` → PIPEDA); nil when Accord has none (`US-WA`, `JP`). Undated: a new request
    /// takes its law from `law(for:type:receivedOn:)`, which also asks whether the law was in force on receipt.
    public static func law(for jurisdiction: Jurisdiction) -> Law? {
        if let law = byJurisdiction[jurisdiction.code] { return law }
        return byJurisdiction[jurisdiction.country]
    }

    private static let byID: [Law.ID: Law] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    private static let byJurisdiction: [String: Law] = {
        var index: [String: Law] = [:]
        for law in all {
            for jurisdiction in law.jurisdictions { index[jurisdiction.code] = law }
        }
        return index
    }()

    static func codes(_ codes: String...) -> Set<Jurisdiction> { Set(codes.compactMap(Jurisdiction.init)) }

    /// A date of the table (a literal, checked by `LawTableTests`).
    static func day(_ text: String) -> LocalDate { LocalDate(text)! }

    // MARK: - The rows

    /// California: Cal. Civ. Code §1798.130(a)(2) (45 days from receipt, once +45 days "when reasonably necessary",
    /// notice within the first 45 days with the reason); CCPA Regulations (11 CCR) §7021(a) (confirm receipt of
    /// requests to know, delete and correct within 10 business days), §7026(f) (opt-out of sale/sharing: 15 business
    /// days) and §7027(g) (limit sensitive: 15 business days). No appeal to the business.
    /// In force: §1798.198(a), operative 1 January 2020; the rights to correct (§1798.106) and to limit the use of
    /// sensitive personal information (§1798.121) were added by the CPRA (Proposition 24), operative 1 January 2023
    /// (Prop. 24 §31).
    public static let ccpa = Law(
        id: Law.ID("ccpa"), name: "CCPA/CPRA", citation: "Cal. Civ. Code §1798.130(a)(2)", jurisdictions: codes("US-CA"),
        covers: [.access, .deletion, .correction, .optOut, .limitSensitive, .portability],
        acknowledgement: .init(period: .businessDays(10), types: [.access, .deletion, .correction, .portability]),
        response: .calendarDays(45),
        responseByType: [.optOut: .businessDays(15), .limitSensitive: .businessDays(15)],
        extensionRule: ExtensionRule(length: .calendarDays(45), excludedTypes: [.optOut, .limitSensitive]),
        appeal: .none, movesOffNonWorkingDays: false, stopsTheClock: false, inForce: day("2020-01-01"),
        coversFrom: [.correction: day("2023-01-01"), .limitSensitive: day("2023-01-01")], inForceLaterIn: [:]
    )

    /// The EEA: GDPR Art. 12(3) (one month of receipt; extendable by two further months where necessary, the person
    /// told within the first month with the reasons); Art. 77 (complaint to a supervisory authority). Periods counted
    /// under Regulation 1182/71 Art. 3 (month-end clamping; a last day on a weekend or holiday moves to the next
    /// working day, Art. 3(4)). The GDPR applies in the 27 member states and, through the EEA Agreement, IS, LI, NO.
    /// In force: Art. 99(2), "It shall apply from 25 May 2018" (the EEA states from 20 July 2018, EEA Joint Committee
    /// Decision 154/2018 of 6 July 2018, in force 20 July 2018, as the EFTA Secretariat announced it: `inForceLaterIn`).
    public static let gdpr = Law(
        id: Law.ID("gdpr"), name: "GDPR", citation: "GDPR Art. 12(3)",
        jurisdictions: codes(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarMonths(1), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarMonths(2)),
        appeal: .authority(.init(authority: "the data protection supervisory authority (GDPR Art. 77)", filingWindow: nil)),
        movesOffNonWorkingDays: true, stopsTheClock: false, inForce: day("2018-05-25"), coversFrom: [:],
        inForceLaterIn: ["IS": day("2018-07-20"), "LI": day("2018-07-20"), "NO": day("2018-07-20")]
    )

    /// The United Kingdom: UK GDPR Art. 12(3) (one month, +2 months, notice within the first month); the clock stops
    /// while the controller waits for information it reasonably needs to identify the person or clarify the request
    /// (UK GDPR Art. 12(3A)-(3B) inserted by the Data (Use and Access) Act 2025; the ICO's "stop the clock"); the ICO
    /// counts to the corresponding date and moves a weekend or bank-holiday deadline to the next working day.
    /// In force: 25 May 2018, when the GDPR (Art. 99(2)) began to apply in the United Kingdom with the Data Protection
    /// Act 2018; from 1 January 2021 the same Art. 12(3) continued as the UK GDPR (European Union (Withdrawal) Act 2018
    /// s. 3), so a request received since 25 May 2018 has had these time limits.
    public static let ukGDPR = Law(
        id: Law.ID("uk-gdpr"), name: "UK GDPR", citation: "UK GDPR Art. 12(3)", jurisdictions: codes("GB"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarMonths(1), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarMonths(2)),
        appeal: .authority(.init(authority: "the Information Commissioner's Office (ICO)", filingWindow: nil)),
        movesOffNonWorkingDays: true, stopsTheClock: true, inForce: day("2018-05-25"), coversFrom: [:],
        inForceLaterIn: [:]
    )

    /// Brazil: LGPD Art. 19 II (a complete declaration within 15 days of the request; applied here to every right the
    /// law lists in Art. 18, which sets no other figure), Art. 18 §1 (petition to the ANPD). No extension.
    /// In force: Art. 65 II, 18 September 2020 (the date Law 14.058/2020 fixed for all but Arts. 52-54).
    public static let lgpd = Law(
        id: Law.ID("lgpd"), name: "LGPD", citation: "LGPD Art. 19 II", jurisdictions: codes("BR"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarDays(15), responseByType: [:], extensionRule: nil,
        appeal: .authority(.init(authority: "the Autoridade Nacional de Proteção de Dados (ANPD)", filingWindow: nil)),
        movesOffNonWorkingDays: false, stopsTheClock: false, inForce: day("2020-09-18"), coversFrom: [:],
        inForceLaterIn: [:]
    )

    /// Canada outside Québec: PIPEDA s. 8(3) (30 days after receipt), s. 8(4) (extend by at most 30 days, notice
    /// within the first 30 days with the new limit, the reasons and the right to complain), s. 11 (complaint to the
    /// Privacy Commissioner). Rights: access and correction (Sch. 1 principle 4.9), withdrawal of consent (4.3.8).
    /// In force: Part 1 from 1 January 2001 (federal works and undertakings, s. 30(1)); every commercial activity within
    /// a province from 1 January 2004 (s. 30(2)). The row dates from 2001: the table cannot tell the two apart.
    public static let pipeda = Law(
        id: Law.ID("pipeda"), name: "PIPEDA", citation: "PIPEDA s. 8(3)", jurisdictions: codes("CA"),
        covers: [.access, .correction, .optOut],
        acknowledgement: nil, response: .calendarDays(30), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarDays(30)),
        appeal: .authority(.init(authority: "the Office of the Privacy Commissioner of Canada (OPC)", filingWindow: nil)),
        movesOffNonWorkingDays: false, stopsTheClock: false, inForce: day("2001-01-01"), coversFrom: [:],
        inForceLaterIn: [:]
    )

    /// Québec: Act respecting the protection of personal information in the private sector (as amended by Law 25)
    /// s. 32 (30 days of receipt; no answer in time is a refusal), s. 27 (access, portability), s. 28 (correction,
    /// deletion), s. 43 (a disagreement may be submitted to the Commission d'accès à l'information within 30 days of
    /// the refusal). No extension.
    /// In force: the Act as amended by Law 25 (S.Q. 2021, c. 25), whose access and deletion provisions came into force
    /// on 22 September 2023 (s. 177), the right to portability (s. 27 third paragraph) on 22 September 2024. The Act's
    /// earlier text (since 1994) is not in the table: a Québec request received before 22 September 2023 runs under no
    /// law, not PIPEDA's.
    public static let quebecLaw25 = Law(
        id: Law.ID("quebec-law-25"), name: "Québec Law 25", citation: "Private Sector Act (Québec) s. 32",
        jurisdictions: codes("CA-QC"),
        covers: [.access, .deletion, .correction, .optOut, .portability],
        acknowledgement: nil, response: .calendarDays(30), responseByType: [:], extensionRule: nil,
        appeal: .authority(
            .init(authority: "the Commission d'accès à l'information du Québec (CAI)", filingWindow: .calendarDays(30))),
        movesOffNonWorkingDays: false, stopsTheClock: false, inForce: day("2023-09-22"),
        coversFrom: [.portability: day("2024-09-22")], inForceLaterIn: [:]
    )
}
