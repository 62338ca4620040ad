extension TCString {
    /// Reads the core segment's fields after the 6-bit version.
    init(coreFrom reader: inout BitReader, version: Int) throws {
        self.init(created: Timestamp(deciseconds: try reader.readInt(36)))
        self.version = version
        lastUpdated = Timestamp(deciseconds: try reader.readInt(36))
        cmpID = try reader.readInt(12)
        cmpVersion = try reader.readInt(12)
        consentScreen = try reader.readInt(6)
        consentLanguage = try reader.readLetters(2)
        vendorListVersion = try reader.readInt(12)
        policyVersion = try reader.readInt(6)
        isServiceSpecific = try reader.readBool()
        useNonStandardTexts = try reader.readBool()
        specialFeatureOptIns = try IDSet.readBitfield(12, from: &reader)
        purposeConsents = try IDSet.readBitfield(24, from: &reader)
        purposeLegitimateInterests = try IDSet.readBitfield(24, from: &reader)
        purposeOneTreatment = try reader.readBool()
        publisherCountryCode = try reader.readLetters(2)
        vendorConsents = try IDSet.readVendorSection(from: &reader)
        vendorLegitimateInterests = try IDSet.readVendorSection(from: &reader)
        publisherRestrictions = try [PublisherRestriction].read(from: &reader)
    }

    /// Writes the core segment, version first. Only version 2 is written: the layout is version 2's, and a
    /// string with another version would be refused when decoded.
    func encodeCore(to writer: inout BitWriter) throws {
        guard version == 2 else {
            throw ConsentStringError(.unsupportedVersion, "TC string version \(version) is not 2")
        }
        try writer.write(version, width: 6)
        try writer.write(created.deciseconds, width: 36)
        try writer.write(lastUpdated.deciseconds, width: 36)
        try writer.write(cmpID, width: 12)
        try writer.write(cmpVersion, width: 12)
        try writer.write(consentScreen, width: 6)
        try writer.writeLetters(consentLanguage, length: 2)
        try writer.write(vendorListVersion, width: 12)
        try writer.write(policyVersion, width: 6)
        writer.write(isServiceSpecific)
        writer.write(useNonStandardTexts)
        try specialFeatureOptIns.writeBitfield(12, to: &writer)
        try purposeConsents.writeBitfield(24, to: &writer)
        try purposeLegitimateInterests.writeBitfield(24, to: &writer)
        writer.write(purposeOneTreatment)
        try writer.writeLetters(publisherCountryCode, length: 2)
        try vendorConsents.writeVendorSection(to: &writer)
        try vendorLegitimateInterests.writeVendorSection(to: &writer)
        try publisherRestrictions.write(to: &writer)
    }
}
