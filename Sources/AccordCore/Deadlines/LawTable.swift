/// The laws Accord knows and the jurisdictions they apply to (issue 13 §3). Figures are the statutes' own; each row
/// cites its source. Not legal advice: a property whose lawyers read a law differently can still pick the law for a
/// request by hand.
public enum LawTable {
    /// Every law in the table.
    public static let all: [Law] = [ccpa, gdpr, ukGDPR, lgpd, pipeda, quebecLaw25] + usStateLaws

    /// The law with this id, if Accord knows it.
    public static func law(id: Law.ID) -> Law? { byID[id] }

    /// The law for a requester's jurisdiction: the subdivision's own law first (`US-CA`, `CA-QC`), else the
    /// country's (`DE-BY` → GDPR, `CA-ON` → PIPEDA); nil when Accord has none (`US-WA`, `JP`).
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

    // MARK: - The rows

    /// California: Cal. Civ. Code §1798.130(a)(2) (45 days from receipt, once +45 days "when reasonably necessary",
    /// notice within the first 45 days with the reason); CCPA Regulations (11 CCR) §7021(a) (confirm receipt of
    /// requests to know, delete and correct within 10 business days), §7026(f) (opt-out of sale/sharing: 15 business
    /// days) and §7027(g) (limit sensitive: 15 business days). No appeal to the business.
    public static let ccpa = Law(
        id: Law.ID("ccpa"), name: "CCPA/CPRA", citation: "Cal. Civ. Code §1798.130(a)(2)", jurisdictions: codes("US-CA"),
        covers: [.access, .deletion, .correction, .optOut, .limitSensitive, .portability],
        acknowledgement: .init(period: .businessDays(10), types: [.access, .deletion, .correction, .portability]),
        response: .calendarDays(45),
        responseByType: [.optOut: .businessDays(15), .limitSensitive: .businessDays(15)],
        extensionRule: ExtensionRule(length: .calendarDays(45), excludedTypes: [.optOut, .limitSensitive]),
        appeal: .none, movesOffNonWorkingDays: false, stopsTheClock: false
    )

    /// The EEA: GDPR Art. 12(3) (one month of receipt; extendable by two further months where necessary, the person
    /// told within the first month with the reasons); Art. 77 (complaint to a supervisory authority). Periods counted
    /// under Regulation 1182/71 Art. 3 (month-end clamping; a last day on a weekend or holiday moves to the next
    /// working day, Art. 3(4)). The GDPR applies in the 27 member states and, through the EEA Agreement, IS, LI, NO.
    public static let gdpr = Law(
        id: Law.ID("gdpr"), name: "GDPR", citation: "GDPR Art. 12(3)",
        jurisdictions: codes(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarMonths(1), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarMonths(2)),
        appeal: .authority(.init(authority: "the data protection supervisory authority (GDPR Art. 77)", filingWindow: nil)),
        movesOffNonWorkingDays: true, stopsTheClock: false
    )

    /// The United Kingdom: UK GDPR Art. 12(3) (one month, +2 months, notice within the first month); the clock stops
    /// while the controller waits for information it reasonably needs to identify the person or clarify the request
    /// (UK GDPR Art. 12(3A)-(3B) inserted by the Data (Use and Access) Act 2025; the ICO's "stop the clock"); the ICO
    /// counts to the corresponding date and moves a weekend or bank-holiday deadline to the next working day.
    public static let ukGDPR = Law(
        id: Law.ID("uk-gdpr"), name: "UK GDPR", citation: "UK GDPR Art. 12(3)", jurisdictions: codes("GB"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarMonths(1), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarMonths(2)),
        appeal: .authority(.init(authority: "the Information Commissioner's Office (ICO)", filingWindow: nil)),
        movesOffNonWorkingDays: true, stopsTheClock: true
    )

    /// Brazil: LGPD Art. 19 II (a complete declaration within 15 days of the request; applied here to every right the
    /// law lists in Art. 18, which sets no other figure), Art. 18 §1 (petition to the ANPD). No extension.
    public static let lgpd = Law(
        id: Law.ID("lgpd"), name: "LGPD", citation: "LGPD Art. 19 II", jurisdictions: codes("BR"),
        covers: [.access, .deletion, .correction, .optOut, .portability, .restriction, .objection],
        acknowledgement: nil, response: .calendarDays(15), responseByType: [:], extensionRule: nil,
        appeal: .authority(.init(authority: "the Autoridade Nacional de Proteção de Dados (ANPD)", filingWindow: nil)),
        movesOffNonWorkingDays: false, stopsTheClock: false
    )

    /// Canada outside Québec: PIPEDA s. 8(3) (30 days after receipt), s. 8(4) (extend by at most 30 days, notice
    /// within the first 30 days with the new limit, the reasons and the right to complain), s. 11 (complaint to the
    /// Privacy Commissioner). Rights: access and correction (Sch. 1 principle 4.9), withdrawal of consent (4.3.8).
    public static let pipeda = Law(
        id: Law.ID("pipeda"), name: "PIPEDA", citation: "PIPEDA s. 8(3)", jurisdictions: codes("CA"),
        covers: [.access, .correction, .optOut],
        acknowledgement: nil, response: .calendarDays(30), responseByType: [:],
        extensionRule: ExtensionRule(length: .calendarDays(30)),
        appeal: .authority(.init(authority: "the Office of the Privacy Commissioner of Canada (OPC)", filingWindow: nil)),
        movesOffNonWorkingDays: false, stopsTheClock: false
    )

    /// Québec: Act respecting the protection of personal information in the private sector (as amended by Law 25)
    /// s. 32 (30 days of receipt; no answer in time is a refusal), s. 27 (access, portability), s. 28 (correction,
    /// deletion), s. 43 (a disagreement may be submitted to the Commission d'accès à l'information within 30 days of
    /// the refusal). No extension.
    public static let quebecLaw25 = Law(
        id: Law.ID("quebec-law-25"), name: "Québec Law 25", citation: "Private Sector Act (Québec) s. 32",
        jurisdictions: codes("CA-QC"),
        covers: [.access, .deletion, .correction, .optOut, .portability],
        acknowledgement: nil, response: .calendarDays(30), responseByType: [:], extensionRule: nil,
        appeal: .authority(
            .init(authority: "the Commission d'accès à l'information du Québec (CAI)", filingWindow: .calendarDays(30))),
        movesOffNonWorkingDays: false, stopsTheClock: false
    )
}
