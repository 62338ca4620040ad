extension TCFCanadaString {
    /// Decodes a TCF Canada string (the `tcfcav1` section text).
    public init(_ string: String) throws {
        let parts = string.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { throw ConsentStringError(.empty, "empty tcfcav1 section") }
        var reader = try BitReader(base64URL: first)
        let version = try reader.readInt(6)
        guard version == 1 else {
            throw ConsentStringError(.unsupportedVersion, "TCF Canada version \(version) is not 1", bitOffset: 0)
        }
        self.init(created: Timestamp(deciseconds: try reader.readInt(36)))
        lastUpdated = Timestamp(deciseconds: try reader.readInt(36))
        cmpID = try reader.readInt(12)
        cmpVersion = try reader.readInt(12)
        consentScreen = try reader.readInt(6)
        consentLanguage = try reader.readLetters(2)
        vendorListVersion = try reader.readInt(12)
        policyVersion = try reader.readInt(6)
        useNonStandardStacks = try reader.readBool()
        specialFeatureExpressConsents = try IDSet.readBitfield(12, from: &reader)
        purposeExpressConsents = try IDSet.readBitfield(24, from: &reader)
        purposeImpliedConsents = try IDSet.readBitfield(24, from: &reader)
        try readVendorSignals(from: &reader)
        for part in parts.dropFirst() {
            guard !part.isEmpty else { throw ConsentStringError(.empty, "empty tcfcav1 segment") }
            var segmentReader = try BitReader(base64URL: part)
            let segment = try TCSegment(from: &segmentReader)
            guard segment.segmentType != 2 else {
                throw ConsentStringError(.invalidSegmentType, "TCF Canada has no allowed-vendors segment")
            }
            segments.append(segment)
        }
    }

    /// Encodes the core and the segments, each padded to a whole byte and character.
    public func encoded() throws -> String {
        var writer = BitWriter()
        try writer.write(version, width: 6)
        try writer.write(created.deciseconds, width: 36)
        try writer.write(lastUpdated.deciseconds, width: 36)
        try writer.write(cmpID, width: 12)
        try writer.write(cmpVersion, width: 12)
        try writer.write(consentScreen, width: 6)
        try writer.writeLetters(consentLanguage, length: 2)
        try writer.write(vendorListVersion, width: 12)
        try writer.write(policyVersion, width: 6)
        writer.write(useNonStandardStacks)
        try specialFeatureExpressConsents.writeBitfield(12, to: &writer)
        try purposeExpressConsents.writeBitfield(24, to: &writer)
        try purposeImpliedConsents.writeBitfield(24, to: &writer)
        try writeVendorSignals(to: &writer, encoding: .fibonacci)
        var parts = [writer.base64URL(padding: .compressed)]
        for segment in segments {
            var segmentWriter = BitWriter()
            try segment.encode(to: &segmentWriter)
            parts.append(segmentWriter.base64URL(padding: .compressed))
        }
        return parts.joined(separator: ".")
    }
}

/// How the core segment codes vendor ranges. The specification's OptimizedRange codes them in Fibonacci; encoders
/// before the specification fix (iabgpp-es before 3.2) wrote 16-bit integer ranges, which are still read.
private enum RangeEncoding {
    case fibonacci
    case integer
}

extension TCFCanadaString {
    /// Reads the vendor sections and publisher restrictions as the IAB reference decoder (iabgpp-es 3.2) does: the
    /// specification's Fibonacci form is taken when re-encoding it gives back the same bits, else the legacy
    /// integer form when it does; when neither reproduces the bits, the Fibonacci reading stands (or its error).
    /// Bits that read validly both ways are therefore Fibonacci, and `encoded()` always writes the Fibonacci form,
    /// so a legacy string is migrated on its first re-encoding and decode → encode → decode is the identity.
    fileprivate mutating func readVendorSignals(from reader: inout BitReader) throws {
        let start = reader.position
        for encoding in [RangeEncoding.fibonacci, .integer] {
            var attempt = reader
            guard (try? readVendorSignals(from: &attempt, encoding: encoding)) != nil else { continue }
            var check = BitWriter()
            if (try? writeVendorSignals(to: &check, encoding: encoding)) != nil,
                attempt.consumed(from: start, equals: check)
            {
                reader = attempt
                return
            }
        }
        try readVendorSignals(from: &reader, encoding: .fibonacci)
    }

    private mutating func readVendorSignals(from reader: inout BitReader, encoding: RangeEncoding) throws {
        let fibonacci = encoding == .fibonacci
        let read = fibonacci ? IDSet.readFibonacciVendorSection : IDSet.readVendorSection
        vendorExpressConsents = try read(&reader)
        vendorImpliedConsents = try read(&reader)
        publisherRestrictions = try [PublisherRestriction].read(from: &reader, fibonacci: fibonacci)
    }

    fileprivate func writeVendorSignals(to writer: inout BitWriter, encoding: RangeEncoding) throws {
        let fibonacci = encoding == .fibonacci
        if fibonacci {
            try vendorExpressConsents.writeFibonacciVendorSection(to: &writer)
            try vendorImpliedConsents.writeFibonacciVendorSection(to: &writer)
        } else {
            try vendorExpressConsents.writeVendorSection(to: &writer)
            try vendorImpliedConsents.writeVendorSection(to: &writer)
        }
        try publisherRestrictions.write(to: &writer, fibonacci: fibonacci)
    }
}
