extension USSectionLayout {
    /// The layout of section `id` at `version`, or `nil` when the section or version is unknown.
    public static func layout(for id: GPPSectionID, version: Int) -> USSectionLayout? {
        if id == .usNat { return version == 1 ? usNatV1 : (version == 2 ? usNatV2 : nil) }
        guard version == 1 else { return nil }
        return catalog[id.rawValue]
    }

    /// Whether `id` is a US national or state section.
    public static func isUS(_ id: GPPSectionID) -> Bool { id == .usNat || catalog[id.rawValue] != nil }

    private static let mspa = "MspaCoveredTransaction MspaOptOutOptionMode MspaServiceProviderMode"
    private static let notices = "SaleOptOutNotice TargetedAdvertisingOptOutNotice"
    private static let optOuts = "SaleOptOut TargetedAdvertisingOptOut"
    private static let usNatHead =
        "SharingNotice SaleOptOutNotice SharingOptOutNotice TargetedAdvertisingOptOutNotice "
        + "SensitiveDataProcessingOptOutNotice SensitiveDataLimitUseNotice SaleOptOut SharingOptOut "
        + "TargetedAdvertisingOptOut"

    static let usNatV1 = Self(
        "\(usNatHead) SensitiveDataProcessing:12 KnownChildSensitiveDataConsents:2 PersonalDataConsents \(mspa)",
        subsection: .gpc)
    static let usNatV2 = Self(
        "\(usNatHead) SensitiveDataProcessing:16 KnownChildSensitiveDataConsents:3 PersonalDataConsents \(mspa)",
        subsection: .gpc)

    /// A state layout of the common shape: first notice, notices, opt-outs, lists, extras, MSPA modes.
    private static func state(
        _ notice: String, sensitive: Int, child: Int?, extra: String = "", gpc: Bool
    ) -> Self {
        let childField = child.map { "KnownChildSensitiveDataConsents:\($0)" } ?? "KnownChildSensitiveDataConsents"
        let extraFields = extra.isEmpty ? "" : " \(extra)"
        return Self(
            "\(notice) \(notices) \(optOuts) SensitiveDataProcessing:\(sensitive) \(childField)\(extraFields) \(mspa)",
            subsection: gpc ? .gpc : .none)
    }

    /// The newest state layout: MSPA fields first, no per-field list in the core.
    private static func mspaFirst(_ tail: String, subsection: Subsection) -> Self {
        Self(
            versionName: "MspaVersion",
            "MspaCoveredTransaction MspaMode ProcessingNotice \(notices) \(optOuts) \(tail)", subsection: subsection)
    }

    private static let adpc = "AdditionalDataProcessingConsent"

    static let catalog: [Int: USSectionLayout] = [
        8: Self(
            "SaleOptOutNotice SharingOptOutNotice SensitiveDataLimitUseNotice SaleOptOut SharingOptOut "
                + "SensitiveDataProcessing:9 KnownChildSensitiveDataConsents:2 PersonalDataConsents \(mspa)",
            subsection: .gpc),
        9: state("SharingNotice", sensitive: 8, child: nil, gpc: false),
        10: state("SharingNotice", sensitive: 7, child: nil, gpc: true),
        11: Self(
            "SharingNotice \(notices) SensitiveDataProcessingOptOutNotice \(optOuts) SensitiveDataProcessing:8 "
                + "KnownChildSensitiveDataConsents \(mspa)", subsection: .none),
        12: state("SharingNotice", sensitive: 8, child: 3, gpc: true),
        13: state("ProcessingNotice", sensitive: 8, child: 3, extra: adpc, gpc: false),
        14: state("SharingNotice", sensitive: 8, child: 3, extra: adpc, gpc: true),
        15: state("ProcessingNotice", sensitive: 11, child: 3, extra: adpc, gpc: true),
        16: state("ProcessingNotice", sensitive: 8, child: nil, extra: adpc, gpc: true),
        17: state("ProcessingNotice", sensitive: 9, child: 5, extra: adpc, gpc: true),
        18: Self(
            "ProcessingNotice \(notices) SensitiveDataOptOutNotice \(optOuts) SensitiveDataProcessing:8 "
                + "KnownChildSensitiveDataConsents \(mspa)", subsection: .gpc),
        19: state("ProcessingNotice", sensitive: 8, child: nil, extra: adpc, gpc: true),
        20: state("ProcessingNotice", sensitive: 8, child: 3, extra: adpc, gpc: true),
        21: state("ProcessingNotice", sensitive: 10, child: 5, extra: adpc, gpc: true),
        22: state("ProcessingNotice", sensitive: 8, child: nil, extra: adpc, gpc: true),
        23: state("ProcessingNotice", sensitive: 8, child: nil, extra: adpc, gpc: true),
        24: mspaFirst(adpc, subsection: .gpc),
        25: mspaFirst("KnownChildSensitiveDataConsents \(adpc)", subsection: .list(name: "SensitiveDataProcessing", count: 8)),
        26: mspaFirst("KnownChildSensitiveDataConsents \(adpc)", subsection: .list(name: "SensitiveDataProcessing", count: 8)),
        27: mspaFirst("KnownChildSensitiveDataConsents \(adpc)", subsection: .list(name: "SensitiveDataProcessing", count: 8)),
    ]
}
