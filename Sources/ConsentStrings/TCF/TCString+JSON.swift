extension TCString {
    /// The decoded fields in the mapping used by the TCF vectors (iabtcf-es names): dates as ISO 8601
    /// with milliseconds, identifier sets as sorted integer arrays, absent segments as `null`.
    public var json: JSONValue {
        .object([
            "version": .int(version),
            "created": .string(created.iso8601),
            "lastUpdated": .string(lastUpdated.iso8601),
            "createdDeciseconds": .int(created.deciseconds),
            "lastUpdatedDeciseconds": .int(lastUpdated.deciseconds),
            "cmpId": .int(cmpID),
            "cmpVersion": .int(cmpVersion),
            "consentScreen": .int(consentScreen),
            "consentLanguage": .string(consentLanguage),
            "vendorListVersion": .int(vendorListVersion),
            "tcfPolicyVersion": .int(policyVersion),
            "isServiceSpecific": .bool(isServiceSpecific),
            "useNonStandardTexts": .bool(useNonStandardTexts),
            "specialFeatureOptIns": .ints(specialFeatureOptIns),
            "purposesConsent": .ints(purposeConsents),
            "purposesLITransparency": .ints(purposeLegitimateInterests),
            "purposeOneTreatment": .bool(purposeOneTreatment),
            "publisherCC": .string(publisherCountryCode),
            "vendorConsents": .ints(vendorConsents),
            "vendorLegitimateInterests": .ints(vendorLegitimateInterests),
            "publisherRestrictions": .array(Self.sortedRestrictions(publisherRestrictions).map(\.json)),
            "disclosedVendors": disclosedVendors.map { .ints($0) } ?? .null,
            "allowedVendors": allowedVendors.map { .ints($0) } ?? .null,
            "publisherTC": publisherTC?.json ?? .null,
        ])
    }

    /// Builds a TC string from the ``json`` mapping. `createdDeciseconds` wins over `created` when
    /// both are present. Segments are ordered disclosed vendors, allowed vendors, publisher TC.
    public init(json: JSONValue) throws {
        let fields = try JSONFields(json, "a TC string")
        func time(_ name: String) throws -> Timestamp {
            if case .int(let value)? = fields.members[name + "Deciseconds"] { return Timestamp(deciseconds: value) }
            return try fields.timestamp(name)
        }
        self.init(created: try time("created"), lastUpdated: try time("lastUpdated"))
        version = try fields.int("version")
        cmpID = try fields.int("cmpId")
        cmpVersion = try fields.int("cmpVersion")
        consentScreen = try fields.int("consentScreen")
        consentLanguage = try fields.string("consentLanguage")
        vendorListVersion = try fields.int("vendorListVersion")
        policyVersion = try fields.int("tcfPolicyVersion")
        isServiceSpecific = try fields.bool("isServiceSpecific")
        useNonStandardTexts = try fields.bool("useNonStandardTexts")
        specialFeatureOptIns = try fields.ids("specialFeatureOptIns")
        purposeConsents = try fields.ids("purposesConsent")
        purposeLegitimateInterests = try fields.ids("purposesLITransparency")
        purposeOneTreatment = try fields.bool("purposeOneTreatment")
        publisherCountryCode = try fields.string("publisherCC")
        vendorConsents = try fields.ids("vendorConsents")
        vendorLegitimateInterests = try fields.ids("vendorLegitimateInterests")
        guard case .array(let restrictions) = try fields.value("publisherRestrictions") else {
            throw ConsentStringError(.invalidJSON, "'publisherRestrictions' must be an array")
        }
        publisherRestrictions = try restrictions.map(PublisherRestriction.init(json:))
        if !fields.isNull("disclosedVendors") { disclosedVendors = try fields.ids("disclosedVendors") }
        if !fields.isNull("allowedVendors") { allowedVendors = try fields.ids("allowedVendors") }
        if !fields.isNull("publisherTC") { publisherTC = try PublisherTC(json: try fields.value("publisherTC")) }
    }

    /// Restrictions ordered by purpose, then restriction type (wire order kept among equals).
    static func sortedRestrictions(_ restrictions: [PublisherRestriction]) -> [PublisherRestriction] {
        restrictions.enumerated().sorted {
            ($0.element.purposeID, $0.element.restrictionType.rawValue, $0.offset)
                < ($1.element.purposeID, $1.element.restrictionType.rawValue, $1.offset)
        }.map(\.element)
    }
}

extension PublisherRestriction {
    /// `{"purposeId", "restrictionType", "vendorIds"}`.
    public var json: JSONValue {
        .object([
            "purposeId": .int(purposeID), "restrictionType": .int(restrictionType.rawValue),
            "vendorIds": .ints(vendorIDs),
        ])
    }

    /// Reads `{"purposeId", "restrictionType", "vendorIds"}`.
    public init(json: JSONValue) throws {
        let fields = try JSONFields(json, "a publisher restriction")
        self.init(
            purposeID: try fields.int("purposeId"),
            restrictionType: RestrictionType(rawValue: try fields.int("restrictionType")),
            vendorIDs: try fields.ids("vendorIds"))
    }
}

extension PublisherTC {
    /// The TCF vector mapping of the publisher TC segment.
    public var json: JSONValue {
        .object([
            "pubPurposesConsent": .ints(purposeConsents),
            "pubPurposesLITransparency": .ints(purposeLegitimateInterests),
            "numCustomPurposes": .int(numCustomPurposes),
            "customPurposesConsent": .ints(customPurposeConsents),
            "customPurposesLITransparency": .ints(customPurposeLegitimateInterests),
        ])
    }

    /// Reads the TCF vector mapping of the publisher TC segment.
    public init(json: JSONValue) throws {
        let fields = try JSONFields(json, "a publisher TC segment")
        self.init(
            purposeConsents: try fields.ids("pubPurposesConsent"),
            purposeLegitimateInterests: try fields.ids("pubPurposesLITransparency"),
            numCustomPurposes: try fields.int("numCustomPurposes"),
            customPurposeConsents: try fields.ids("customPurposesConsent"),
            customPurposeLegitimateInterests: try fields.ids("customPurposesLITransparency"))
    }
}
