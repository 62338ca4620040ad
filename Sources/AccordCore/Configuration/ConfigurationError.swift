/// Why a configuration change was refused; each names the field at fault as a JSON path.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of reasons; the raw value is the API's error code. The server gives each its HTTP status in
    /// a switch without a default, so a new reason does not compile until it has one.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A value breaks its field's rule (format, range, required).
        case invalidValue = "invalid_value"
        /// A body value contradicts the resource it is sent to, such as a renamed purpose key.
        case valueMismatch = "value_mismatch"
        /// Neither an ISO 3166 code nor a known region group.
        case regionUnknown = "region_unknown"
        /// One purpose key used twice in a property.
        case purposeDuplicate = "purpose_duplicate"
        /// A purpose with recorded consents was removed; it can only be retired.
        case purposeHasConsents = "purpose_has_consents"
        /// A text is missing for a locale the property enables.
        case translationMissing = "translation_missing"
        /// `config apply`: one property twice in a document.
        case propertyDuplicate = "property_duplicate"
        /// Creating a property whose id is taken.
        case propertyExists = "property_exists"
        /// Adding a purpose whose key is taken.
        case purposeExists = "purpose_exists"
        /// No purpose with the key.
        case purposeNotFound = "purpose_not_found"
        /// No topic with that key.
        case topicNotFound = "topic_not_found"
        /// No texts for the locale.
        case textsNotFound = "texts_not_found"
        /// No published policy version with the number.
        case policyNotFound = "policy_not_found"
        /// At start: the `tcf.gvlPath` file cannot be read.
        case gvlUnreadable = "gvl_unreadable"
        /// At start: the `tcf.gvlPath` file is refused, with the `VendorListError`'s code.
        case gvlMalformed = "gvl_malformed"
        /// At start: the `tcf.gvlPath` file is a GVL of another specification version.
        case gvlVersionUnsupported = "gvl_version_unsupported"
        /// At start: a `tcf.gvlPath` entry's id differs from the key it is listed under.
        case gvlIDMismatch = "gvl_id_mismatch"
        /// At start: a `tcf.gvlPath` member is outside the range the TCF allows.
        case gvlValueInvalid = "gvl_value_invalid"

        /// The reason a refused vendor list gives as configuration.
        public init(_ error: VendorListError) {
            switch error {
            case .malformed: self = .gvlMalformed
            case .unsupportedVersion: self = .gvlVersionUnsupported
            case .idMismatch: self = .gvlIDMismatch
            case .outOfRange: self = .gvlValueInvalid
            }
        }
    }

    /// The reason, which decides the API's error code and HTTP status.
    public var kind: Kind
    /// The field at fault as a JSON path (`purposes[2].key`); nil when no single field is.
    public var field: String?
    /// A sentence for people, naming the rule that was broken.
    public var message: String

    /// A refusal of `kind` at `field` (a JSON path, or nil), explained by `message`.
    public init(_ kind: Kind, field: String?, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    /// The API's error code.
    public var code: String { kind.rawValue }

    /// `<field>: <message>`, or the message alone.
    public var description: String { field.map { "\($0): \(message)" } ?? message }

    static func invalid(_ field: String, _ message: String) -> ConfigurationError {
        ConfigurationError(.invalidValue, field: field, message)
    }
    static func regionUnknown(_ field: String, _ code: String) -> ConfigurationError {
        ConfigurationError(.regionUnknown, field: field, "'\(code)' is not an ISO 3166 code or a known region group")
    }
    static func purposeDuplicate(_ field: String, _ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(.purposeDuplicate, field: field, "purpose key '\(key)' is used twice")
    }
    static func purposeHasConsents(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(
            .purposeHasConsents, field: "purposes.\(key)",
            "purpose '\(key)' has recorded consents; it can only be retired (isRetired: true), so it stays in history")
    }
    static func translationMissing(_ field: String) -> ConfigurationError {
        ConfigurationError(.translationMissing, field: field, "a text is missing for a locale the property enables")
    }
    /// A property with this id exists already (`POST` of a new property).
    public static func propertyExists(_ id: PropertyID) -> ConfigurationError {
        ConfigurationError(.propertyExists, field: "id", "a property with id '\(id)' already exists")
    }
    /// The property has a purpose with this key already.
    public static func purposeExists(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(.purposeExists, field: "key", "purpose '\(key)' already exists")
    }
    /// The property has no purpose with this key.
    public static func purposeNotFound(_ key: String) -> ConfigurationError {
        ConfigurationError(.purposeNotFound, field: nil, "no purpose with key '\(key)'")
    }
    /// The property has no topic with this key.
    public static func topicNotFound(_ key: String) -> ConfigurationError {
        ConfigurationError(.topicNotFound, field: nil, "no topic with key '\(key)'")
    }
    /// A preference of a topic to be removed (or of a channel dropped from it) has recorded consents.
    static func topicHasConsents(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(
            .purposeHasConsents, field: "topics.\(key.preference?.topic.rawValue ?? key.rawValue)",
            "preference '\(key)' has recorded consents; the topic can only be retired (isRetired: true), so it stays in history")
    }
    /// The property has no texts for this locale.
    public static func textsNotFound(_ locale: String) -> ConfigurationError {
        ConfigurationError(.textsNotFound, field: nil, "no texts for locale '\(locale)'")
    }
    /// The property has no published policy version with this number.
    public static func policyNotFound(_ version: Int) -> ConfigurationError {
        ConfigurationError(.policyNotFound, field: nil, "no published policy version \(version)")
    }
    /// A body value at `field` contradicts the resource it is sent to.
    public static func mismatch(_ field: String, _ message: String) -> ConfigurationError {
        ConfigurationError(.valueMismatch, field: field, message)
    }
}
