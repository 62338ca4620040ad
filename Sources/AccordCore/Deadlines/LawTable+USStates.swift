extension LawTable {
    /// The comprehensive US state privacy laws in force by 2026 other than California's. Each answers within 45 days
    /// of receipt (Iowa: 90), extendable once by 45 days when reasonably necessary with notice and the reason within
    /// the first period, and (except Utah) lets the consumer appeal a refusal to the controller within "a reasonable
    /// period", the controller deciding within the figure below, then the attorney general.
    ///
    /// Checked against statute text (issue 13 session, November 2026): where a comment says "text checked", the
    /// response period and extension were read in the statute's own words; the appeal figures marked "not yet read"
    /// could not be read in the text sources available and remain to be confirmed (see the README's status).
    /// A second pass (same month) searched stored copies of the statutes and law-firm comparison charts again for
    /// the appeal subsections: each row's "appeal source" says what was found. A third pass read whole chapters of
    /// codified text (a public mirror of the state codes, the saint1415/us-statutes repository's data branch, which
    /// copies Justia and the states' own sites): Virginia, Connecticut, Delaware and Nebraska are now confirmed in
    /// the statute's own words (60 days each); the other rows are still unconfirmed (the mirror has no text, or only
    /// section headings, for their chapters), and `USStateAppealTests` pins every figure so that a correction is a
    /// deliberate change.
    public static let usStateLaws: [Law] = [
        // Va. Code §59.1-577(B)(1) (45 + 45 days), §59.1-577(C) (appeal decided within 60 days). The duties to answer
        // and the appeal are in §59.1-577 ("Personal data rights; consumers", subsection B: "a controller shall comply
        // with a request..."), not §59.1-578 (controller responsibilities; transparency) as this table first said:
        // section text checked.
        // Appeal source: §59.1-577(C) as codified (2021 Sp. Sess. I, cc. 35, 36; 2022, c. 423; Justia's copy of the
        // Code of Virginia, title 59.1 chapter 53, in the us-statutes mirror): the controller answers an appeal in
        // writing "within 60 days of receipt of an appeal", and a denied appeal names how to complain to the Attorney
        // General: confirmed, 60.
        usState("us-va", "Virginia CDPA", "Va. Code §59.1-577", "US-VA", appealDays: 60),
        // Colo. Rev. Stat. §6-1-1306(2) (45 + 45), §6-1-1306(3) (appeal within 45 days, +60 when reasonably necessary).
        // Appeal source: §6-1-1306(3)'s text was not found (the stored copies of part 13 open at §6-1-1301); unconfirmed.
        usState(
            "us-co", "Colorado CPA", "C.R.S. §6-1-1306(2)", "US-CO", appealDays: 45,
            appealExtension: ExtensionRule(length: .calendarDays(60))),
        // Conn. Gen. Stat. §42-518(b)(1) (45 + 45), §42-518(d) (appeal within 60 days).
        // Appeal source: Public Act 22-15 §4(d) quoted in a public project's compliance notes, and the codified
        // §42-518(d) itself (Justia's copy of chapter 743jj in the us-statutes mirror): the controller answers in
        // writing "not later than sixty days after receipt of an appeal": confirmed, 60.
        usState("us-ct", "Connecticut CTDPA", "Conn. Gen. Stat. §42-518", "US-CT", appealDays: 60),
        // Utah Code §13-61-203(4) (45 + 45); the UCPA gives no right of appeal and no right to correct.
        usState(
            "us-ut", "Utah CPA", "Utah Code §13-61-203", "US-UT", appealDays: nil,
            covers: [.access, .deletion, .portability, .optOut]),
        // Tex. Bus. & Com. Code §541.052(b) (45 + 45), §541.053 (appeal within 60 days).
        // Appeal source: §541.053's text was not found; one secondary source (a project's compliance table citing
        // §541.053) says 60 days; unconfirmed against the statute.
        usState("us-tx", "Texas DPSA", "Tex. Bus. & Com. Code §541.052", "US-TX", appealDays: 60),
        // Or. Rev. Stat. §646A.576(5)(b) (45 + 45), §646A.576(6)(d) (appeal within 45 days).
        usState("us-or", "Oregon CPA", "ORS §646A.576", "US-OR", appealDays: 45),
        // Mont. Code Ann. §30-14-2808(4)(a) (45 + 45: text checked, "not later than 45 days after receipt of the
        // request ... 45 additional days when reasonably necessary ... within the initial 45-day response period"),
        // §30-14-2808 appeal subsection (within 60 days; a denied appeal names how to complain to the attorney general:
        // text checked; the 60 days not yet read).
        // Appeal source: the appeal subsection's text was not found; unconfirmed.
        usState("us-mt", "Montana CDPA", "Mont. Code Ann. §30-14-2808", "US-MT", appealDays: 60),
        // Iowa Code §715D.4(2) (90 days, + 45), §715D.4(3) (appeal within 60 days); no right to correct.
        // Appeal source: §715D.4(3)'s text was not found; unconfirmed.
        usState(
            "us-ia", "Iowa CDPA", "Iowa Code §715D.4", "US-IA", responseDays: 90, appealDays: 60,
            covers: [.access, .deletion, .portability, .optOut, .appeal]),
        // Del. Code tit. 6 §12D-104(c) (45 + 45), §12D-104(d) (appeal within 60 days).
        // Appeal source: §12D-104(d) as codified (84 Del. Laws c. 197 §1; the Delaware Code's chapter 12D in the
        // us-statutes mirror): "not later than 60 days after receipt of an appeal" the controller answers in writing,
        // and a denied appeal names how to complain to the Department of Justice (the Attorney General's): confirmed, 60.
        usState("us-de", "Delaware PDPA", "6 Del. C. §12D-104", "US-DE", appealDays: 60),
        // N.H. RSA 507-H:4(III) (45 + 45), 507-H:4(IV) (appeal within 60 days).
        // Appeal source: 507-H:4(IV)'s text was not found (the us-statutes mirror holds only the chapter's section
        // headings, 507-H:4 "Consumer Expectation of Privacy"); unconfirmed.
        usState("us-nh", "New Hampshire Privacy Act", "RSA 507-H:4", "US-NH", appealDays: 60),
        // N.J. Stat. §56:8-166.7(a) (45 + 45: text checked, "within 45 days of the controller's receipt ... 45
        // additional days where reasonably necessary ... within the initial 45-day response period"; §56:8-166.7(c):
        // a refusal with instructions to appeal within 45 days), appeal decided within 45 days (not yet read).
        // Appeal source: the appeal decision period's text was not found; unconfirmed.
        usState("us-nj", "New Jersey Privacy Act", "N.J. Stat. §56:8-166.7", "US-NJ", appealDays: 45),
        // Neb. Rev. Stat. §87-1108 (45 + 45), §87-1109 (appeal within 60 days).
        // Appeal source: §87-1109(3) as codified (Laws 2024, LB1074 §9; Justia's copy in the us-statutes mirror): the
        // controller answers "not later than the sixtieth day after the date of receipt of the appeal", and (4) a denied
        // appeal names how to complain to the Attorney General: confirmed, 60.
        usState("us-ne", "Nebraska DPA", "Neb. Rev. Stat. §87-1108", "US-NE", appealDays: 60),
        // Tenn. Code Ann. §47-18-3303(b) (45 + 45), §47-18-3303(c) (appeal within 60 days).
        // Appeal source: §47-18-3303(c)'s text was not found; unconfirmed.
        usState("us-tn", "Tennessee IPA", "Tenn. Code Ann. §47-18-3303", "US-TN", appealDays: 60),
        // Minn. Stat. §325O.05 subd. 3 (45 + 45), subd. 5 (appeal within 45 days, +60 when reasonably necessary).
        // Appeal source: §325O.05 subd. 5's text was not found; unconfirmed. The citation itself is in doubt: 325O is
        // the numbering of the bill (2024 HF 4757), and a public project that read the revisor's text cites the codified
        // Act as Minn. Stat. §325M.14; not changed here until the codified text is read.
        usState(
            "us-mn", "Minnesota CDPA", "Minn. Stat. §325O.05", "US-MN", appealDays: 45,
            appealExtension: ExtensionRule(length: .calendarDays(60))),
        // Md. Code Com. Law §14-4605(a)(1) (45 + 45), §14-4605(c) (appeal within 60 days).
        // Appeal source: §14-4605(c)'s text was not found; unconfirmed.
        usState("us-md", "Maryland ODPA", "Md. Code Com. Law §14-4605", "US-MD", appealDays: 60),
        // Ind. Code §24-15-3-2 (45 + 45), §24-15-3-4 (appeal within 60 days); in force 1 January 2026.
        // Appeal source: §24-15-3-4's text was not found; unconfirmed.
        usState("us-in", "Indiana CDPA", "Ind. Code §24-15-3-2", "US-IN", appealDays: 60),
        // Ky. Rev. Stat. §367.3615(2) (45 + 45), §367.3615(4) (appeal within 60 days); in force 1 January 2026.
        // Appeal source: §367.3615(4)'s text was not found; unconfirmed.
        usState("us-ky", "Kentucky CDPA", "KRS §367.3615", "US-KY", appealDays: 60),
        // R.I. Gen. Laws §6-48.1-7 (45 + 45, appeal decided within 60 days); in force 1 January 2026.
        // Appeal source: §6-48.1-7's appeal text was not found; unconfirmed. The citation itself is in doubt: the
        // chapter's section headings (us-statutes mirror) name §6-48.1-6 "Exercising customer rights" and §6-48.1-7
        // "Controller and processor responsibilities", so the response and appeal duties are likely in §6-48.1-6; not
        // changed here until the text is read.
        usState("us-ri", "Rhode Island DTPPA", "R.I. Gen. Laws §6-48.1-7", "US-RI", appealDays: 60),
    ]

    static func usState(
        _ id: String, _ name: String, _ citation: String, _ code: String, responseDays: Int = 45, appealDays: Int?,
        appealExtension: ExtensionRule? = nil,
        covers: Set<RequestType> = [.access, .deletion, .correction, .portability, .optOut, .appeal]
    ) -> Law {
        let appeal: AppealRule =
            if let appealDays {
                .controller(
                    ControllerAppeal(
                        window: nil, response: .calendarDays(appealDays), extensionRule: appealExtension,
                        thenAuthority: "the state attorney general"))
            } else {
                .none
            }
        return Law(
            id: Law.ID(id), name: name, citation: citation, jurisdictions: codes(code), covers: covers,
            acknowledgement: nil, response: .calendarDays(responseDays), responseByType: [:],
            extensionRule: ExtensionRule(length: .calendarDays(45)), appeal: appeal, movesOffNonWorkingDays: false,
            stopsTheClock: false)
    }
}
