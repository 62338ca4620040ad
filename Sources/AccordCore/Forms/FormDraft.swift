import Foundation

/// A form as its author writes it (`PUT /v1/admin/properties/{property}/forms/{form}`): a consent form or a HIPAA
/// authorisation, with its texts per locale, ordered items, rules as data and per-item expiry. Every member is
/// optional when decoded, so a draft in progress can be saved; `FormValidator` names what publishing needs.
public struct FormDraft: Hashable, Sendable, Codable {
    /// `consent` or `hipaaAuthorization`.
    public var kind: FormKind?
    /// The title per locale (`{"en": "Stay in touch"}`).
    public var title: [String: String]?
    /// The text above the items per locale.
    public var intro: [String: String]?
    /// The items in the order they are shown.
    public var items: [FormItem]?
    /// Rules between items, by region or regime, and the age rule.
    public var rules: [FormRule]?
    /// Per-item expiry of what the item records, by item key.
    public var expiry: [String: FormExpiry]?
    /// For `hipaaAuthorization`: the core elements and statements of 45 CFR 164.508(c).
    public var hipaa: HIPAADetails?

    /// A draft from its parts.
    public init(
        kind: FormKind? = .consent, title: [String: String]? = nil, intro: [String: String]? = nil,
        items: [FormItem]? = nil, rules: [FormRule]? = nil, expiry: [String: FormExpiry]? = nil,
        hipaa: HIPAADetails? = nil
    ) {
        self.kind = kind
        self.title = title
        self.intro = intro
        self.items = items
        self.rules = rules
        self.expiry = expiry
        self.hipaa = hipaa
    }

    /// The item with `key`, if any.
    public func item(_ key: String) -> FormItem? { items?.first { $0.key == key } }
}

/// What a form is for.
public enum FormKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// Consent and preferences for actions the organisation takes.
    case consent
    /// A HIPAA authorisation: publishing checks every element 45 CFR 164.508(c) requires.
    case hipaaAuthorization
}

/// One entry of a form.
public struct FormItem: Hashable, Sendable, Codable {
    /// What the item asks for.
    public enum ItemType: String, Hashable, Sendable, Codable, CaseIterable {
        /// Consent to one purpose of the property.
        case purpose
        /// A communication preference: a channel for a topic, recorded as `channel.topic`.
        case preference
        /// A free-text or date answer the organisation needs (a date of birth for an age rule).
        case field
        /// A signature block: the typed full name and an attestation checkbox.
        case signature
    }

    /// The item's key, unique in the form: what rules, expiry and answers name.
    public var key: String?
    /// What the item asks for.
    public var type: ItemType?
    /// For `purpose`: the property's purpose key.
    public var purpose: String?
    /// For `preference`: `email`, `sms`, `phone`, `post`, `push` or `inApp`.
    public var channel: String?
    /// For `preference`: the property's topic key.
    public var topic: String?
    /// For `field`: `text` or `date`.
    public var fieldType: String?
    /// The label per locale; purposes and preferences default to their own names.
    public var label: [String: String]?
    /// Further explanation per locale, shown under the label.
    public var description: [String: String]?
    /// For `signature`: the statement the signer ticks, per locale.
    public var attestation: [String: String]?
    /// Whether the item must be answered (a purpose or preference: granted) to submit.
    public var required: Bool?

    /// An item from its parts.
    public init(
        key: String?, type: ItemType?, purpose: String? = nil, channel: String? = nil, topic: String? = nil,
        fieldType: String? = nil, label: [String: String]? = nil, description: [String: String]? = nil,
        attestation: [String: String]? = nil, required: Bool? = nil
    ) {
        self.key = key
        self.type = type
        self.purpose = purpose
        self.channel = channel
        self.topic = topic
        self.fieldType = fieldType
        self.label = label
        self.description = description
        self.attestation = attestation
        self.required = required
    }

    /// The consent key the item records under: the purpose key, or `channel.topic` for a preference; nil for
    /// fields and signatures, which record evidence, not choices.
    public var choiceKey: String? {
        switch type {
        case .purpose: purpose
        case .preference: channel.flatMap { channel in topic.map { "\(channel).\($0)" } }
        default: nil
        }
    }
}

/// Where an item is shown or required: regions (ISO 3166, a country covering its subdivisions) or regimes.
public struct FormScope: Hashable, Sendable, Codable {
    /// ISO 3166-1 or -2 codes; a country covers its subdivisions.
    public var regions: [String]?
    /// `optIn`, `optOut` or `noticeOnly`.
    public var regimes: [Regime]?

    /// A scope from its parts.
    public init(regions: [String]? = nil, regimes: [Regime]? = nil) {
        self.regions = regions
        self.regimes = regimes
    }
}

/// How long what an item records counts: a fixed date, a duration, or to the end of the calendar year.
public struct FormExpiry: Hashable, Sendable, Codable {
    /// A day (`YYYY-MM-DD`, UTC): the choice expires at its start.
    public var date: String?
    /// Days from the submission.
    public var days: Int?
    /// Calendar months from the submission.
    public var months: Int?
    /// True: at the end of the calendar year of the submission (UTC).
    public var endOfYear: Bool?

    /// An expiry from its parts; exactly one should be given.
    public init(date: String? = nil, days: Int? = nil, months: Int? = nil, endOfYear: Bool? = nil) {
        self.date = date
        self.days = days
        self.months = months
        self.endOfYear = endOfYear
    }
}
