import Foundation

/// Checks a property's configuration before it is saved. Pure; errors name the field as a JSON path.
public enum PropertyValidator {
    /// Throws the first rule the property breaks (id, name, locales, texts, regions, lifetimes, purposes, TCF), naming
    /// its field; translations a locale lacks are checked apart (`firstMissingTranslation()`).
    public static func validate(_ property: Property) throws(ConfigurationError) {
        guard property.id.isWellFormed else {
            throw .invalid("id", "property ids are 1 to 64 lower-case letters, digits, '-' or '_'")
        }
        guard RequestValidation.hasVisibleText(property.name) else { throw .invalid("name", "name is required") }
        try validateLocales(property)
        if let region = property.defaultRegion, !RegionCatalog.isKnown(region) || RegionCatalog.groups[region] != nil {
            throw .regionUnknown("defaultRegion", region)
        }
        guard (1...3650).contains(property.cookieLifetimeDays) else {
            throw .invalid("cookieLifetimeDays", "cookie lifetime must be 1 to 3650 days")
        }
        try validateRequestHolidays(property.requestHolidays)
        try validateRequestContact(timeZone: property.requestTimeZone, contact: property.privacyContact)
        guard (0...3650).contains(property.expiryNoticeDays) else {
            throw .invalid("expiryNoticeDays", "the expiry notice must come 0 to 3650 days before the expiry")
        }
        try validatePurposes(property.purposes)
        try validateNotice(property)
        let keys = Set(property.purposes.map(\.key))
        for key in property.consentMode.keys where !keys.contains(key) {
            throw .invalid("consentMode.\(key)", "no purpose with key '\(key)'")
        }
        for key in property.cookiesToDelete.keys where !keys.contains(key) {
            throw .invalid("cookiesToDelete.\(key)", "no purpose with key '\(key)'")
        }
        try validateTCFPurposeMapping(
            property.tcfPurposeMapping, required: Set(property.purposes.filter(\.isRequired).map(\.key)), purposes: keys)
        try validateTCFVendors(property.tcfVendors)
        try validateRules(property.regionRules, purposes: keys)
        try validateTexts(property.texts)
        try TopicValidator.validate(property.topics, defaultLocale: property.defaultLocale)
    }

    static func validatePurposes(_ purposes: [Purpose]) throws(ConfigurationError) {
        var seen = Set<PurposeKey>()
        for (index, purpose) in purposes.enumerated() {
            let field = "purposes[\(index)]"
            guard PropertyID(rawValue: purpose.key.rawValue).isWellFormed else {
                throw .invalid("\(field).key", "purpose keys are 1 to 64 lower-case letters, digits, '-' or '_'")
            }
            guard seen.insert(purpose.key).inserted else { throw .purposeDuplicate("\(field).key", purpose.key) }
            guard !purpose.name.isEmpty else { throw .invalid("\(field).name", "name is required") }
            guard !purpose.description.isEmpty else { throw .invalid("\(field).description", "description is required") }
            guard (1...3650).contains(purpose.lifetimeDays) else {
                throw .invalid("\(field).lifetimeDays", "lifetime must be 1 to 3650 days")
            }
            if let days = purpose.expiryNoticeDays, !(0...3650).contains(days) {
                throw .invalid("\(field).expiryNoticeDays", "the expiry notice must come 0 to 3650 days before the expiry")
            }
            for locale in purpose.translations.keys where !RequestValidation.isLocale(locale) {
                throw .invalid("\(field).translations.\(locale)", "not a BCP 47 language tag")
            }
        }
    }

    static func validateRules(_ rules: RegionRules, purposes: Set<PurposeKey>) throws(ConfigurationError) {
        if let unknown = rules.firstUnknownRegion() {
            if unknown.code.isEmpty { throw .invalid(unknown.field, "a rule must name at least one region") }
            throw .regionUnknown(unknown.field, unknown.code)
        }
        let named =
            rules.rules.enumerated().map { ("regionRules.rules[\($0.offset)]", $0.element) }
            + [("regionRules.fallback", rules.fallback), ("regionRules.unknown", rules.unknown)]
        for (field, rule) in named {
            for key in rule.purposeDefaults.keys where !purposes.contains(key) {
                throw .invalid("\(field).purposeDefaults.\(key)", "no purpose with key '\(key)'")
            }
            for (key, days) in rule.lifetimeDays {
                guard purposes.contains(key) else { throw .invalid("\(field).lifetimeDays.\(key)", "no purpose with key '\(key)'") }
                guard (1...3650).contains(days) else { throw .invalid("\(field).lifetimeDays.\(key)", "lifetime must be 1 to 3650 days") }
            }
            guard !rule.regulation.isEmpty else { throw .invalid("\(field).regulation", "regulation is required") }
        }
    }

    static func validateTCFPurposeMapping(
        _ mapping: [PurposeKey: [Int]], required: Set<PurposeKey>, purposes: Set<PurposeKey>
    ) throws(ConfigurationError) {
        for (key, ids) in mapping.sorted(by: { $0.key < $1.key }) {
            let field = "tcfPurposeMapping.\(key)"
            guard purposes.contains(key) else { throw .invalid(field, "no purpose with key '\(key)'") }
            // A TC string would otherwise claim consent to TCF purposes (1, say) that the visitor was never asked.
            guard !required.contains(key) else {
                throw .invalid(field, "a required purpose cannot stand for TCF purposes: each needs consent or legitimate interest")
            }
            guard !ids.isEmpty else { throw .invalid(field, "map the purpose to at least one TCF purpose") }
            for (index, id) in ids.enumerated() where !TCFPurposeMapping.purposeIDs.contains(id) {
                throw .invalid("\(field)[\(index)]", "TCF purpose ids are 1 to 11")
            }
        }
    }

    static func validateTCFVendors(_ vendors: [Int]) throws(ConfigurationError) {
        var seen = Set<Int>()
        for (index, id) in vendors.enumerated() {
            // TC strings carry vendor ids in 16 bits.
            guard (1...65_535).contains(id) else { throw .invalid("tcfVendors[\(index)]", "vendor ids are 1 to 65535") }
            guard seen.insert(id).inserted else { throw .invalid("tcfVendors[\(index)]", "vendor \(id) is listed twice") }
        }
    }

    static func validateLocales(_ property: Property) throws(ConfigurationError) {
        guard RequestValidation.isLocale(property.defaultLocale) else {
            throw .invalid("defaultLocale", "not a BCP 47 language tag")
        }
        for (index, locale) in property.locales.enumerated() where !RequestValidation.isLocale(locale) {
            throw .invalid("locales[\(index)]", "not a BCP 47 language tag")
        }
        guard property.locales.contains(property.defaultLocale) else {
            throw .invalid("locales", "the default locale \(property.defaultLocale) must be enabled")
        }
    }

    static func validateTexts(_ texts: [String: [String: String]]) throws(ConfigurationError) {
        for (locale, fields) in texts {
            guard RequestValidation.isLocale(locale) else { throw .invalid("texts.\(locale)", "not a BCP 47 language tag") }
            for (field, value) in fields {
                guard BannerTexts.fields.contains(field) else {
                    throw .invalid("texts.\(locale).\(field)", "unknown text; known: \(BannerTexts.fields.joined(separator: ", "))")
                }
                guard !value.isEmpty else { throw .invalid("texts.\(locale).\(field)", "text must not be empty") }
            }
        }
    }
}
