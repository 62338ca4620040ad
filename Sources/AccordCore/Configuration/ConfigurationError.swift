/// Why a configuration change was refused; each names the field at fault as a JSON path.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: String
    public var field: String?
    public var message: String

    public init(_ code: String, field: String?, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }

    static func invalid(_ field: String, _ message: String) -> ConfigurationError {
        ConfigurationError("invalid_value", field: field, message)
    }
    static func regionUnknown(_ field: String, _ code: String) -> ConfigurationError {
        ConfigurationError("region_unknown", field: field, "'\(code)' is not an ISO 3166 code or a known region group")
    }
    static func purposeDuplicate(_ field: String, _ key: PurposeKey) -> ConfigurationError {
        ConfigurationError("purpose_duplicate", field: field, "purpose key '\(key)' is used twice")
    }
    static func purposeHasConsents(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError(
            "purpose_has_consents", field: "purposes.\(key)",
            "purpose '\(key)' has recorded consents; it can only be retired (isRetired: true), so it stays in history")
    }
    static func translationMissing(_ field: String) -> ConfigurationError {
        ConfigurationError("translation_missing", field: field, "a text is missing for a locale the property enables")
    }
    public static func propertyExists(_ id: PropertyID) -> ConfigurationError {
        ConfigurationError("property_exists", field: "id", "a property with id '\(id)' already exists")
    }
    public static func purposeExists(_ key: PurposeKey) -> ConfigurationError {
        ConfigurationError("purpose_exists", field: "key", "purpose '\(key)' already exists")
    }
    public static func purposeNotFound(_ key: String) -> ConfigurationError {
        ConfigurationError("purpose_not_found", field: nil, "no purpose with key '\(key)'")
    }
    public static func textsNotFound(_ locale: String) -> ConfigurationError {
        ConfigurationError("texts_not_found", field: nil, "no texts for locale '\(locale)'")
    }
    public static func policyNotFound(_ version: Int) -> ConfigurationError {
        ConfigurationError("policy_not_found", field: nil, "no published policy version \(version)")
    }
    public static func mismatch(_ field: String, _ message: String) -> ConfigurationError {
        ConfigurationError("value_mismatch", field: field, message)
    }
}
