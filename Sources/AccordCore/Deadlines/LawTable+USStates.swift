extension LawTable {
    /// The comprehensive US state privacy laws in force by 2026 other than California's. Each answers within 45 days
    /// of receipt (Iowa: 90), extendable once by 45 days when reasonably necessary with notice and the reason within
    /// the first period, and (except Utah) lets the consumer appeal a refusal to the controller within "a reasonable
    /// period", the controller deciding within the figure below, then the attorney general.
    ///
    /// Each row says where its figures were read. "Read" means in the statute's own words: the official code site,
    /// a code mirror (Justia, FindLaw, casetext and the like), the enacted bill, or a verbatim quotation of the
    /// enacted text checked against it (the rafal-fryc/Parsed-Tech-Statutes extractions). A figure marked
    /// UNCONFIRMED rests on secondary sources only (law-firm and compliance summaries) and is kept because they
    /// agree; `USStateAppealTests` pins every figure and citation so that a correction is a deliberate change, and
    /// `USStateStatuteTextTests` computes the due dates of the figures that were read.
    ///
    /// Each row's "In force" line is the date its act took effect (`Law.inForce`): a request received earlier, on the
    /// property's calendar, runs under no law. These are the enacting acts' effective dates as the secondary tables
    /// give them, all alike (law-firm and compliance charts of the state laws' effective dates; New Jersey's also in
    /// the Division of Consumer Affairs' FAQ as reported); none was read in the act's own effective-date section.
    public static let usStateLaws: [Law] = [
        // Va. Code §59.1-577(B)(1) (45 + 45), §59.1-577(C) (appeal decided within 60 days): read in the codified
        // text (Justia's copy of title 59.1 chapter 53): "within 60 days of receipt of an appeal", a denied appeal
        // naming how to complain to the Attorney General. (Not §59.1-578, as this table first said.)
        // In force 1 January 2023 (Acts 2021 Sp. Sess. I, chapters 35 and 36, enactment clause 2).
        usState("us-va", "Virginia CDPA", "Va. Code §59.1-577", "US-VA", appealDays: 60, inForce: "2023-01-01"),
        // C.R.S. §6-1-1306(2): read in SB 21-190 as enacted ("within forty-five days after receipt of the request.
        // The controller may extend the forty-five-day period by forty-five additional days where reasonably
        // necessary"). §6-1-1306(3): read ("within forty-five days after receipt of an appeal"), the controller then
        // naming the attorney general.
        // UNCONFIRMED: the appeal's +60-day extension (secondary: every summary read; the quotation available here
        // elides that sentence of (3)).
        // In force 1 July 2023 (SB 21-190).
        usState(
            "us-co", "Colorado CPA", "C.R.S. §6-1-1306(2)", "US-CO", appealDays: 45,
            appealExtension: ExtensionRule(length: .calendarDays(60)), inForce: "2023-07-01"),
        // Conn. Gen. Stat. §42-518(c)(1): read (a statute deskbook): "not later than forty-five days after receipt of
        // the request. The controller may extend the response period by forty-five additional days ... within the
        // initial forty-five-day response period and of the reason". §42-518(d): read in Public Act 22-15 §4 and the
        // codified section (Justia's copy of chapter 743jj): "not later than sixty days after receipt of an appeal".
        // In force 1 July 2023 (Public Act 22-15).
        usState("us-ct", "Connecticut CTDPA", "Conn. Gen. Stat. §42-518", "US-CT", appealDays: 60, inForce: "2023-07-01"),
        // Utah Code §13-61-203(2): read (a code mirror): "Within 45 days after the day on which a controller receives
        // a request ... may extend once the initial 45-day period by an additional 45 days", the extension and its
        // reasons told "before the initial 45-day period expires"; the UCPA gives no right of appeal.
        // §13-61-201(4), in force 1 July 2026 (Laws of Utah 2025, ch. 468): read in the codified text (lexace's copy
        // of §13-61-201, and Counsel Stack's copy dated 7/1/2026, "Amended by Chapter 468, 2025 General Session";
        // self-law's copy of the enacted 2022 text is marked "Superseded 7/1/2026"): "the right to request that a
        // controller correct inaccuracies in the consumer's personal data", answered like the other rights under
        // §13-61-203(1) ("a consumer's request under Section 13-61-202 to exercise a right"), a section Counsel
        // Stack's 2026 copy still shows as "Enacted by Chapter 462, 2022 General Session". (This table first said the
        // UCPA gives no right to correct; it did not until that amendment: a correction received before 1 July 2026
        // gets no law, `coversFrom`.)
        // In force 31 December 2023 (SB 227 of 2022).
        usState(
            "us-ut", "Utah CPA", "Utah Code §13-61-203", "US-UT", appealDays: nil,
            covers: [.access, .deletion, .correction, .portability, .optOut], inForce: "2023-12-31",
            coversFrom: [.correction: "2026-07-01"]),
        // Tex. Bus. & Com. Code §541.052(b): read (FindLaw's copy of the code): "may not be later than the 45th day
        // after the date of receipt of the request. The controller may extend the response period once by an
        // additional 45 days ... within the initial 45-day response period, together with the reason".
        // §541.152(2), read (HB 4 as enacted, in a statute deskbook): the attorney general posts "an online mechanism
        // through which a consumer may submit a complaint under this chapter to the attorney general".
        // UNCONFIRMED: §541.053 (titled "Appeal" in the chapter's table of sections), decided within 60 days
        // (secondary: compliance tables citing §541.053; no copy of the section's text was reachable).
        // In force 1 July 2024 (HB 4 of 2023; the universal opt-out mechanism from 1 January 2025).
        usState("us-tx", "Texas DPSA", "Tex. Bus. & Com. Code §541.052(b)", "US-TX", appealDays: 60, inForce: "2024-07-01"),
        // ORS §646A.576(5)(b) (45 + 45), §646A.576(6)(d) (appeal within 45 days).
        // In force 1 July 2024 (SB 619 of 2023; non-profits from 1 July 2025).
        usState("us-or", "Oregon CPA", "ORS §646A.576", "US-OR", appealDays: 45, inForce: "2024-07-01"),
        // Mont. Code Ann. §30-14-2808(4)(a): read ("not later than 45 days after receipt of the request ... 45
        // additional days when reasonably necessary ... within the initial 45-day response period"). The end of the
        // appeal subsection, read in the codified text (a statute deskbook): a denied appeal comes with "an online
        // mechanism, if available, or other method through which the consumer may contact the attorney general".
        // UNCONFIRMED: the appeal decided within 60 days (secondary only; the sentence giving the period was on a page
        // that was not reachable).
        // In force 1 October 2024 (SB 384 of 2023).
        usState("us-mt", "Montana CDPA", "Mont. Code Ann. §30-14-2808(4)(a)", "US-MT", appealDays: 60, inForce: "2024-10-01"),
        // Iowa Code §715D.3(2)(a): read (SF 262 / chapter 715D, verbatim quotation): "within ninety days of receipt
        // of a request ... may be extended once by forty-five additional days ... within the initial ninety-day
        // response period, together with the reason". §715D.3(3): read: "Within sixty days of receipt of an
        // appeal", a denied appeal naming the attorney general. §715D.3(1) lists no right to correct. (The duties
        // are in §715D.3, consumer data rights, not §715D.4, controller duties, as this table first said.)
        // In force 1 January 2025 (SF 262 of 2023).
        usState(
            "us-ia", "Iowa CDPA", "Iowa Code §715D.3(2)(a)", "US-IA", responseDays: 90, appealDays: 60,
            covers: [.access, .deletion, .portability, .optOut, .appeal], inForce: "2025-01-01"),
        // 6 Del. C. §12D-104(c)(1): read (a statute deskbook): "not later than 45 days after receipt of the request.
        // The controller may extend the response period by 45 additional days ... within the initial 45-day response
        // period and of the reason". §12D-104(d): read in the Delaware Code's chapter 12D: "not later than 60 days
        // after receipt of an appeal", a denied appeal naming the Department of Justice.
        // In force 1 January 2025 (HB 154 of 2023).
        usState("us-de", "Delaware PDPA", "6 Del. C. §12D-104", "US-DE", appealDays: 60, inForce: "2025-01-01"),
        // N.H. RSA 507-H:4(III) (45 + 45). RSA 507-H:4(I), the rights (access, correction, deletion, portability,
        // opt-out), and 507-H:11(I), "The attorney general shall have exclusive authority to enforce", read in the
        // codified text (a statute deskbook).
        // UNCONFIRMED: 45 + 45 and the appeal decided within 60 days, 507-H:4(III) and (IV) (secondary only; no
        // copy of those paragraphs was reachable).
        // In force 1 January 2025 (SB 255 of 2024).
        usState("us-nh", "New Hampshire Privacy Act", "RSA 507-H:4", "US-NH", appealDays: 60, inForce: "2025-01-01"),
        // N.J. Stat. §56:8-166.7(a): read (casetext's copy of the code and a statute deskbook): "within 45 days of
        // the controller's receipt of the request ... 45 additional days where reasonably necessary ... within the
        // initial 45-day response period and the reason"; §56:8-166.7(c): a refusal with "instructions for how to
        // appeal the decision".
        // §56:8-166.17(b) and §56:8-166.18, read (a statute deskbook): the Division of Consumer Affairs in the
        // Department of Law and Public Safety sends the cure notices and its Director makes the rules.
        // UNCONFIRMED: the appeal decided within 45 days, and the body a denied appeal names for a complaint
        // (secondary: the Division of Consumer Affairs, a division of the attorney general's Department of Law and
        // Public Safety; the row names the state attorney general). Subsections (a) to (e) hold neither and the rest
        // of the section was not reachable.
        // In force 15 January 2025 (P.L. 2023, c. 266: the 365th day after its enactment on 16
        // January 2024).
        usState("us-nj", "New Jersey Privacy Act", "N.J. Stat. §56:8-166.7(a)", "US-NJ", appealDays: 45, inForce: "2025-01-15"),
        // Neb. Rev. Stat. §87-1108 (45 + 45), §87-1109(3): read in the codified text (Justia's copy): "not later than
        // the sixtieth day after the date of receipt of the appeal", (4) a denied appeal naming the Attorney General.
        // In force 1 January 2025 (LB 1074 of 2024).
        usState("us-ne", "Nebraska DPA", "Neb. Rev. Stat. §87-1108", "US-NE", appealDays: 60, inForce: "2025-01-01"),
        // Tenn. Code Ann. §47-18-3304(b)(1): read (TIPA, Public Chapter 408 of 2023, in a statute deskbook; the
        // codified section is "§ 47-18-3304 Personal information rights--Consumers", §47-18-3303 being "Scope", not
        // the duties this table first cited): "within forty-five (45) days of receipt of a request ... extended once
        // by forty-five (45) additional days ... within the initial forty-five-day response period, together with
        // the reason for the extension".
        // UNCONFIRMED: the appeal, §47-18-3304(c), decided within 60 days (secondary only).
        // In force 1 July 2025 (Public Chapter 408 of 2023).
        usState("us-tn", "Tennessee IPA", "Tenn. Code Ann. §47-18-3304(b)(1)", "US-TN", appealDays: 60, inForce: "2025-07-01"),
        // Minn. Stat. §325M.14 subd. 4, enacted as §325O.05 subd. 4(e) (Laws 2024, ch. 121, art. 5): the revisor's
        // own page for §325M.14 opens "Except as provided in sections 325M.10 to 325M.21, a controller must comply
        // with a request to exercise the consumer rights", so §325O.05 is codified as §325M.14. Read in the enacted
        // text (verbatim quotation): "within 45 days of receipt of the request. That period may be extended once by
        // 45 additional days ... within 45 days of receipt of the request, together with the reasons for the delay";
        // subd. 5 is "Appeal process required", its paragraph (a) read (a statute deskbook): "an internal process
        // whereby a consumer may appeal a refusal to take action on a request".
        // UNCONFIRMED: the appeal decided within 45 days, +60 when reasonably necessary (secondary only; the rest of
        // subd. 5 was not reachable).
        // In force 31 July 2025 (Laws 2024, ch. 121, art. 5).
        usState(
            "us-mn", "Minnesota CDPA", "Minn. Stat. §325M.14 subd. 4", "US-MN", appealDays: 45,
            appealExtension: ExtensionRule(length: .calendarDays(60)), inForce: "2025-07-31"),
        // Md. Code Com. Law §14-4705, enacted by SB 541 of 2024 as §14-4605 and since renumbered: casetext's 2024
        // copy of the Code holds the section as §14-4605, a current copy (lexace) the same text as §14-4705.
        // (e)(2): read (verbatim quotation of the enacted text): "not later than 45 days after the controller
        // receives the consumer request ... may extend the completion period by an additional 45 days if ... the
        // controller informs the consumer of the extension and the reason for the extension within the initial
        // 45-day response period". (f)(3): read: "Not later than 60 days after receiving an appeal". (Not (a)(1)
        // and (c), as this table first said.)
        // In force 1 October 2025 (SB 541 of 2024; it does not reach processing before 1 April 2026, which the table
        // does not model).
        usState("us-md", "Maryland ODPA", "Md. Code Com. Law §14-4705(e)(2)", "US-MD", appealDays: 60, inForce: "2025-10-01"),
        // Ind. Code §24-15-3-1(c)(1): read (IC 24-15, verbatim quotation, and a statute deskbook): "not later than
        // forty-five (45) days after receipt of the consumer's request ... extended once by an additional forty-five
        // (45) days ... within the initial forty-five (45) day response period, along with the reason".
        // §24-15-3-1(d): read: "Not later than sixty (60) days after receipt of an appeal", a denied appeal naming
        // the attorney general. In force 1 January 2026. (Not §§24-15-3-2 and 24-15-3-4, as this table first said.)
        // In force 1 January 2026 (SEA 5 of 2023).
        usState("us-in", "Indiana CDPA", "Ind. Code §24-15-3-1(c)(1)", "US-IN", appealDays: 60, inForce: "2026-01-01"),
        // KRS §367.3615 ("Consumer rights request -- Controller compliance -- Requirements -- Appeal process"): (2),
        // the rights (access, correction, deletion, portability, opt-out), read in a code mirror; (4), read in
        // HB 15 of 2024 as enacted (a statute deskbook): "Within sixty (60) days of receipt of an appeal", a denied
        // appeal naming the Attorney General. In force 1 January 2026.
        // UNCONFIRMED: 45 + 45 (secondary only; subsection (3), which (4) names as the decision, was not reachable,
        // so the citation names no subsection).
        // In force 1 January 2026 (HB 15 of 2024).
        usState("us-ky", "Kentucky CDPA", "KRS §367.3615", "US-KY", appealDays: 60, inForce: "2026-01-01"),
        // R.I. Gen. Laws §6-48.1-6(b)(1): read on the legislature's own site ("§ 6-48.1-6. Exercising customer
        // rights"): "not later than forty-five (45) days after receipt of the request. The controller may extend
        // the response period by forty-five (45) additional days ... within the initial forty-five (45) day response
        // period and of the reason for the extension"; (b)(2): a refusal with "instructions for how to appeal the
        // decision". In force 1 January 2026. (Not §6-48.1-7, controller and processor responsibilities, as this
        // table first said.)
        // UNCONFIRMED: the appeal decided within 60 days (secondary only; the rest of §6-48.1-6 was not reachable).
        // In force 1 January 2026 (P.L. 2024, ch. 429 and 430).
        usState("us-ri", "Rhode Island DTPPA", "R.I. Gen. Laws §6-48.1-6(b)(1)", "US-RI", appealDays: 60, inForce: "2026-01-01"),
    ]

    static func usState(
        _ id: String, _ name: String, _ citation: String, _ code: String, responseDays: Int = 45, appealDays: Int?,
        appealExtension: ExtensionRule? = nil,
        covers: Set<RequestType> = [.access, .deletion, .correction, .portability, .optOut, .appeal], inForce: String,
        coversFrom: [RequestType: String] = [:]
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
            stopsTheClock: false, inForce: day(inForce), coversFrom: coversFrom.mapValues(day), inForceLaterIn: [:])
    }
}
