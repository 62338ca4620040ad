/// The words on the banner in one locale.
public struct BannerTexts: Hashable, Sendable, Codable {
    public var title: String
    public var description: String
    public var acceptAll: String
    public var rejectAll: String
    public var customize: String
    public var save: String
    public var close: String
    /// The opt-out link required by US state laws.
    public var doNotSell: String
    /// The floating link that reopens the banner.
    public var manage: String
    public var alwaysOn: String
    /// The placeholder over blocked embeds, and its button.
    public var blockedContent: String
    public var allow: String

    /// Field names, as used in overrides and config files.
    public static let fields: [String] = [
        "title", "description", "acceptAll", "rejectAll", "customize", "save", "close", "doNotSell", "manage",
        "alwaysOn", "blockedContent", "allow",
    ]

    /// Builds texts from a field map; nil names the first missing field.
    public static func make(_ values: [String: String]) -> Result<BannerTexts, MissingField> {
        if let missing = fields.first(where: { (values[$0] ?? "").isEmpty }) { return .failure(MissingField(name: missing)) }
        return .success(
            BannerTexts(
                title: values["title"]!, description: values["description"]!, acceptAll: values["acceptAll"]!,
                rejectAll: values["rejectAll"]!, customize: values["customize"]!, save: values["save"]!,
                close: values["close"]!, doNotSell: values["doNotSell"]!, manage: values["manage"]!,
                alwaysOn: values["alwaysOn"]!, blockedContent: values["blockedContent"]!, allow: values["allow"]!))
    }

    public var values: [String: String] {
        [
            "title": title, "description": description, "acceptAll": acceptAll, "rejectAll": rejectAll,
            "customize": customize, "save": save, "close": close, "doNotSell": doNotSell, "manage": manage,
            "alwaysOn": alwaysOn, "blockedContent": blockedContent, "allow": allow,
        ]
    }

    public struct MissingField: Error, Hashable, Sendable {
        public var name: String
    }
}
