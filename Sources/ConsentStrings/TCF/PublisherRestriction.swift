/// A publisher restriction from the TC string core segment: for one purpose, a restriction type that
/// applies to a set of vendors.
public struct PublisherRestriction: Hashable, Sendable, BitCodable {
    /// The kind of restriction; the wire holds 2 bits, of which 3 is undefined but decodable.
    public struct RestrictionType: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// The purpose is flatly not allowed by the publisher.
        public static let notAllowed = Self(rawValue: 0)
        /// The vendor must rely on consent for the purpose.
        public static let requireConsent = Self(rawValue: 1)
        /// The vendor must rely on legitimate interest for the purpose.
        public static let requireLegitimateInterest = Self(rawValue: 2)
    }

    /// The purpose restricted (6 bits).
    public var purposeID: Int
    /// How the purpose is restricted.
    public var restrictionType: RestrictionType
    /// The vendors the restriction applies to.
    public var vendorIDs: IDSet

    /// Creates a restriction.
    public init(purposeID: Int, restrictionType: RestrictionType, vendorIDs: IDSet) {
        self.purposeID = purposeID
        self.restrictionType = restrictionType
        self.vendorIDs = vendorIDs
    }

    public init(from reader: inout BitReader) throws {
        purposeID = try reader.readInt(6)
        restrictionType = RestrictionType(rawValue: try reader.readInt(2))
        vendorIDs = try IDSet.readIntRange(from: &reader)
    }

    public func encode(to writer: inout BitWriter) throws {
        try writer.write(purposeID, width: 6)
        try writer.write(restrictionType.rawValue, width: 2)
        try vendorIDs.writeIntRange(to: &writer)
    }
}

extension [PublisherRestriction] {
    /// Reads the 12-bit count and that many restrictions; with `fibonacci`, each vendor list is a
    /// Fibonacci vendor section (TCF Canada) instead of an integer range.
    static func read(from reader: inout BitReader, fibonacci: Bool = false) throws -> Self {
        let count = try reader.readInt(12)
        var restrictions: Self = []
        restrictions.reserveCapacity(Swift.min(count, reader.remaining / 8))
        for _ in 0..<count {
            guard fibonacci else {
                restrictions.append(try PublisherRestriction(from: &reader))
                continue
            }
            let purposeID = try reader.readInt(6)
            let type = PublisherRestriction.RestrictionType(rawValue: try reader.readInt(2))
            let vendors = try IDSet.readFibonacciVendorSection(from: &reader)
            restrictions.append(PublisherRestriction(purposeID: purposeID, restrictionType: type, vendorIDs: vendors))
        }
        return restrictions
    }

    /// Writes the 12-bit count and the restrictions, in the form ``read(from:fibonacci:)`` reads.
    func write(to writer: inout BitWriter, fibonacci: Bool = false) throws {
        try writer.write(count, width: 12)
        for restriction in self {
            guard fibonacci else {
                try restriction.encode(to: &writer)
                continue
            }
            try writer.write(restriction.purposeID, width: 6)
            try writer.write(restriction.restrictionType.rawValue, width: 2)
            try restriction.vendorIDs.writeFibonacciVendorSection(to: &writer)
        }
    }
}
