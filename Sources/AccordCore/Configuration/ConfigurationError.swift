/// Why a configuration change was refused; each names the field at fault as a JSON path.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The closed set of reasons; the raw value is the API's error code. The server gives each its HTTP status in
    /// a switch without a default, so a new reason does not compile until it has one.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case invalidValue = "invalid_value"
        case valueMismatch = "value_mismatch"
        case regionUnknown = "region_unknown"
        case purposeDuplicate = "purpose_duplicate"
        case purposeHasConsents = "purpose_has_consents"
        case translationMissing = "translation_missing"
        /// `config apply`: one property twice in a document.
        case propertyDuplicate = "property_duplicate"
        case propertyExists = "property_exists"
        case purposeExists = "purpose_exists"
        case purposeNotFound = "purpose_not_found"
        case textsNotFound = "texts_not_found"
        case policyNotFound = "policy_not_found"
        /// At start: the `tcf.gvlPath` file cannot be read.
        case gvlUnreadable = "gvl_unreadable"
        /// At start: the `tcf.gvlPath` file is refused, with the `VendorListError`'s code.
        case gvlMalformed = "gvl_malformed"
        case gvlVersionUnsupported = "gvl_version_unsupported"
        case gvlIDMismatch = "gvl_id_mismatch"
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

    public var kind: Kind
    public var field: String?
    public var message: String

    public init(_ kind: Kind, field: String?, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    /// The API's error code.
    public var code: String { kind.rawValue }

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
    public static func propertyExists(_ id: PropertyID) -> ConfigurationError {
        ConfigurationError(.propertyExists, field: "id", "a property with id '\(id)' already exists")
    }
    public static func purposeExists(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(.purposeExists, field: "key", "purpose '\(key)' already exists")
    }
    public static func purposeNotFound(_ key: String) -> ConfigurationError {
        ConfigurationError(.purposeNotFound, field: nil, "no purpose with key '\(key)'")
    }
    public static func textsNotFound(_ locale: String) -> ConfigurationError {
        ConfigurationError(.textsNotFound, field: nil, "no texts for locale '\(locale)'")
    }
    public static func policyNotFound(_ version: Int) -> ConfigurationError {
        ConfigurationError(.policyNotFound, field: nil, "no published policy version \(version)")
    }
    public static func mismatch(_ field: String, _ message: String) -> ConfigurationError {
        ConfigurationError(.valueMismatch, field: field, message)
    }
}
