/// ISO 3166 codes Accord recognises, and the named groups rules may use.
///
/// Countries are the 249 officially assigned ISO 3166-1 alpha-2 codes. Subdivisions (ISO 3166-2) are checked
/// against full lists for the countries whose rules depend on them (US states, Canadian provinces, German
/// Länder, Spanish autonomous communities); for other countries any 1-3 character subdivision is accepted.
public enum RegionCatalog {
    /// The 249 officially assigned ISO 3166-1 alpha-2 codes, upper-case.
    public static let countries: Set<String> = Set(
        """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
        FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
        JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO
        MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
        PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
        TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.split(whereSeparator: \.isWhitespace).map(String.init))

    /// Subdivisions for the countries listed; others accept any well-formed code.
    public static let subdivisions: [String: Set<String>] = [
        "US": Set(
            """
            AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR
            PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR UM VI
            """.split(whereSeparator: \.isWhitespace).map(String.init)),
        "CA": ["AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC", "SK", "YT"],
        "DE": ["BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"],
        "ES": ["AN", "AR", "AS", "CN", "CB", "CL", "CM", "CT", "EX", "GA", "IB", "RI", "MD", "MC", "NC", "PV", "VC", "CE", "ML"],
    ]

    /// The European Union's 27 member states.
    public static let europeanUnion: [String] = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    ]

    /// US states with a comprehensive consumer privacy law in force by 2026, with the law's usual name.
    public static let usPrivacyLaws: [(state: String, law: String)] = [
        ("CA", "CCPA/CPRA"), ("VA", "VCDPA"), ("CO", "CPA"), ("CT", "CTDPA"), ("UT", "UCPA"), ("TX", "TDPSA"),
        ("OR", "OCPA"), ("MT", "MCDPA"), ("IA", "ICDPA"), ("DE", "DPDPA"), ("NE", "NDPA"), ("NH", "NHPA"),
        ("NJ", "NJDPA"), ("TN", "TIPA"), ("MN", "MCDPA (Minnesota)"), ("MD", "MODPA"), ("IN", "ICDPA (Indiana)"),
        ("KY", "KCDPA"), ("RI", "RIDTPPA"),
    ]

    /// Named groups usable in region rules.
    public static let groups: [String: [String]] = [
        "EU": europeanUnion,
        "EEA": europeanUnion + ["IS", "LI", "NO"],
        "US-states-with-privacy-law": usPrivacyLaws.map { "US-\($0.state)" },
    ]

    /// Whether `code` names a known country, subdivision or group.
    public static func isKnown(_ code: String) -> Bool {
        if groups[code] != nil { return true }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard countries.contains(parts[0]) else { return false }
        if parts.count == 1 { return true }
        guard parts.count == 2, (1...3).contains(parts[1].count),
            parts[1].allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) })
        else { return false }
        return subdivisions[parts[0]]?.contains(parts[1]) ?? true
    }

    /// The codes a rule entry covers: a group's members, or the code itself.
    public static func expand(_ code: String) -> [String] {
        groups[code] ?? [code]
    }
}
