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
    /// Reads the 12-bit count and that many restrictions.
    static func read(from reader: inout BitReader) throws -> Self {
        let count = try reader.readInt(12)
        var restrictions: Self = []
        for _ in 0..<count { restrictions.append(try PublisherRestriction(from: &reader)) }
        return restrictions
    }

    /// Writes the 12-bit count and the restrictions.
    func write(to writer: inout BitWriter) throws {
        try writer.write(count, width: 12)
        for restriction in self { try restriction.encode(to: &writer) }
    }
}
