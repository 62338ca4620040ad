/// The words on the banner in one locale.
public struct BannerTexts: Hashable, Sendable, Codable {
    /// The banner's heading.
    public var title: String
    /// The paragraph under the heading: what is asked, and that a choice can be changed later.
    public var description: String
    /// The button that grants every purpose.
    public var acceptAll: String
    /// The button that denies every purpose that is not required.
    public var rejectAll: String
    /// The button that opens the switches per purpose.
    public var customize: String
    /// The button that records the switches as set.
    public var save: String
    /// The label of the button that closes the banner.
    public var close: String
    /// The opt-out link required by US state laws.
    public var doNotSell: String
    /// The floating link that reopens the banner.
    public var manage: String
    /// Shown instead of a switch beside a required purpose.
    public var alwaysOn: String
    /// The placeholder over blocked embeds, and its button.
    public var blockedContent: String
    /// The placeholder's button, which grants the purposes the blocked content needs.
    public var allow: String

    /// Field names, as used in overrides and config files.
    public static let fields: [String] = [
        "title", "description", "acceptAll", "rejectAll", "customize", "save", "close", "doNotSell", "manage",
        "alwaysOn", "blockedContent", "allow",
    ]

    /// Builds texts from a field map; a failure names the first missing field.
    public static func make(_ values: [String: String]) -> Result<BannerTexts, MissingField> {
        if let missing = fields.first(where: { (values[$0] ?? "").isEmpty }) { return .failure(MissingField(name: missing)) }
        return .success(
            BannerTexts(
                title: values["title"]!, description: values["description"]!, acceptAll: values["acceptAll"]!,
                rejectAll: values["rejectAll"]!, customize: values["customize"]!, save: values["save"]!,
                close: values["close"]!, doNotSell: values["doNotSell"]!, manage: values["manage"]!,
                alwaysOn: values["alwaysOn"]!, blockedContent: values["blockedContent"]!, allow: values["allow"]!))
    }

    /// The texts as a field map keyed by the names in `fields`: the inverse of `make(_:)`.
    public var values: [String: String] {
        [
            "title": title, "description": description, "acceptAll": acceptAll, "rejectAll": rejectAll,
            "customize": customize, "save": save, "close": close, "doNotSell": doNotSell, "manage": manage,
            "alwaysOn": alwaysOn, "blockedContent": blockedContent, "allow": allow,
        ]
    }

    /// The first text a field map lacks or leaves empty.
    public struct MissingField: Error, Hashable, Sendable {
        /// The field's name, one of `fields`.
        public var name: String
    }
}
