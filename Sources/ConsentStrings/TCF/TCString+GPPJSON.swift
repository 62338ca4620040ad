extension TCString {
    /// The iabgpp-es `tcfeuv2` mapping: Boolean arrays for fixed bitfields, sorted id arrays for
    /// vendors, every segment's fields present with defaults when the segment is absent.
    public var gppJSON: JSONValue {
        let publisher = publisherTC ?? PublisherTC()
        let custom = publisher.numCustomPurposes
        return .object([
            "Version": .int(version), "Created": .string(created.iso8601), "LastUpdated": .string(lastUpdated.iso8601),
            "CmpId": .int(cmpID), "CmpVersion": .int(cmpVersion), "ConsentScreen": .int(consentScreen),
            "ConsentLanguage": .string(consentLanguage), "VendorListVersion": .int(vendorListVersion),
            "PolicyVersion": .int(policyVersion), "IsServiceSpecific": .bool(isServiceSpecific),
            "UseNonStandardStacks": .bool(useNonStandardTexts),
            "SpecialFeatureOptins": .bools(specialFeatureOptIns.booleans(length: 12)),
            "PurposeConsents": .bools(purposeConsents.booleans(length: 24)),
            "PurposeLegitimateInterests": .bools(purposeLegitimateInterests.booleans(length: 24)),
            "PurposeOneTreatment": .bool(purposeOneTreatment), "PublisherCountryCode": .string(publisherCountryCode),
            "VendorConsents": .ints(vendorConsents), "VendorLegitimateInterests": .ints(vendorLegitimateInterests),
            "PublisherRestrictions": .array(publisherRestrictions.map(\.gppJSON)),
            "PublisherPurposesSegmentType": .int(3),
            "PublisherConsents": .bools(publisher.purposeConsents.booleans(length: 24)),
            "PublisherLegitimateInterests": .bools(publisher.purposeLegitimateInterests.booleans(length: 24)),
            "NumCustomPurposes": .int(custom),
            "PublisherCustomConsents": .bools(publisher.customPurposeConsents.booleans(length: custom)),
            "PublisherCustomLegitimateInterests": .bools(
                publisher.customPurposeLegitimateInterests.booleans(length: custom)),
            "VendorsAllowedSegmentType": .int(2), "VendorsAllowed": .ints(allowedVendors ?? []),
            "VendorsDisclosedSegmentType": .int(1), "VendorsDisclosed": .ints(disclosedVendors ?? []),
        ])
    }

    /// Reads the `tcfeuv2` mapping. Segments follow the reference encoder: a service-specific string
    /// gets disclosed vendors and publisher TC, any other allowed then disclosed vendors.
    public init(gppJSON json: JSONValue) throws {
        let fields = try JSONFields(json, "a tcfeuv2 section")
        self.init(created: try fields.timestamp("Created"), lastUpdated: try fields.timestamp("LastUpdated"))
        version = try fields.int("Version")
        cmpID = try fields.int("CmpId")
        cmpVersion = try fields.int("CmpVersion")
        consentScreen = try fields.int("ConsentScreen")
        consentLanguage = try fields.string("ConsentLanguage")
        vendorListVersion = try fields.int("VendorListVersion")
        policyVersion = try fields.int("PolicyVersion")
        isServiceSpecific = try fields.bool("IsServiceSpecific")
        useNonStandardTexts = try fields.bool("UseNonStandardStacks")
        specialFeatureOptIns = IDSet(booleans: try fields.bools("SpecialFeatureOptins"))
        purposeConsents = IDSet(booleans: try fields.bools("PurposeConsents"))
        purposeLegitimateInterests = IDSet(booleans: try fields.bools("PurposeLegitimateInterests"))
        purposeOneTreatment = try fields.bool("PurposeOneTreatment")
        publisherCountryCode = try fields.string("PublisherCountryCode")
        vendorConsents = try fields.ids("VendorConsents")
        vendorLegitimateInterests = try fields.ids("VendorLegitimateInterests")
        publisherRestrictions = try PublisherRestriction.gppList(try fields.value("PublisherRestrictions"))
        let publisher = PublisherTC(
            purposeConsents: IDSet(booleans: try fields.bools("PublisherConsents")),
            purposeLegitimateInterests: IDSet(booleans: try fields.bools("PublisherLegitimateInterests")),
            numCustomPurposes: try fields.int("NumCustomPurposes"),
            customPurposeConsents: IDSet(booleans: try fields.bools("PublisherCustomConsents")),
            customPurposeLegitimateInterests: IDSet(booleans: try fields.bools("PublisherCustomLegitimateInterests")))
        if isServiceSpecific {
            segments = [.disclosedVendors(try fields.ids("VendorsDisclosed")), .publisherTC(publisher)]
        } else {
            segments = [.allowedVendors(try fields.ids("VendorsAllowed")), .disclosedVendors(try fields.ids("VendorsDisclosed"))]
        }
    }
}
