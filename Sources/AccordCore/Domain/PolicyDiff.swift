/// What differs between two policy versions of a property (or a version and the draft): the purposes whose name,
/// description, basis or standing changed, and the banner texts that read otherwise, locale by locale. The
/// console's comparison of any two versions is drawn from it.
public struct PolicyDiff: Hashable, Sendable {
    /// A purpose as one side had it; nil on a side that did not have it (or had it retired).
    public struct PurposeChange: Hashable, Sendable {
        /// The purpose's key.
        public var key: PurposeKey
        /// The purpose in the earlier version; nil when it was added since.
        public var before: Purpose?
        /// The purpose in the later version; nil when it was retired or removed since.
        public var after: Purpose?
        /// Whether the change is one in substance (`Purpose.changedInSubstance`): people are asked again for it.
        public var inSubstance: Bool
    }

    /// One banner text field of one locale that reads differently.
    public struct TextChange: Hashable, Sendable {
        /// The locale (BCP 47).
        public var locale: String
        /// The field name (`BannerTexts.fields`).
        public var field: String
        /// The text before; nil when the locale was not offered.
        public var before: String?
        /// The text after; nil when the locale is no longer offered.
        public var after: String?
    }

    /// Purposes in the order of the later version, then those only the earlier one had.
    public var purposes: [PurposeChange]
    /// Text changes by locale, then field in `BannerTexts.fields` order.
    public var texts: [TextChange]

    /// Whether the two sides show visitors the same thing.
    public var isEmpty: Bool { purposes.isEmpty && texts.isEmpty }

    /// Compares `before` with `after` (either may be the later one: the diff reads from the first to the second).
    public init(from before: PolicyVersion, to after: PolicyVersion) {
        self.init(
            purposes: (before.activePurposes, after.activePurposes), texts: (before.texts, after.texts))
    }

    /// Compares active purposes and resolved texts per locale.
    public init(purposes: ([Purpose], [Purpose]), texts: ([String: BannerTexts], [String: BannerTexts])) {
        let (earlier, later) = purposes
        var changes: [PurposeChange] = later.compactMap { purpose in
            guard let old = earlier.first(where: { $0.key == purpose.key }) else {
                return PurposeChange(key: purpose.key, before: nil, after: purpose, inSubstance: true)
            }
            guard old != purpose else { return nil }
            return PurposeChange(key: purpose.key, before: old, after: purpose, inSubstance: purpose.changedInSubstance(from: old))
        }
        changes += earlier.filter { old in !later.contains { $0.key == old.key } }.map {
            PurposeChange(key: $0.key, before: $0, after: nil, inSubstance: true)
        }
        self.purposes = changes
        let locales = Set(texts.0.keys).union(texts.1.keys).sorted()
        self.texts = locales.flatMap { locale in
            let old = texts.0[locale]?.values, new = texts.1[locale]?.values
            return BannerTexts.fields.compactMap { field in
                let a = old?[field], b = new?[field]
                return a == b ? nil : TextChange(locale: locale, field: field, before: a, after: b)
            }
        }
    }
}
