/// The publisher purposes segment of a TC string (segment type 3), also used by TCF Canada where the
/// two signals are express and implied consent.
public struct PublisherTC: Hashable, Sendable, BitCodable {
    /// Publisher purposes with consent (24 bits; Canada: express consent).
    public var purposeConsents: IDSet
    /// Publisher purposes with legitimate interest established (Canada: implied consent).
    public var purposeLegitimateInterests: IDSet
    /// The number of custom purposes, which sets the length of both custom bitfields (6 bits).
    public var numCustomPurposes: Int
    /// Custom purposes with consent.
    public var customPurposeConsents: IDSet
    /// Custom purposes with legitimate interest established.
    public var customPurposeLegitimateInterests: IDSet

    /// Creates a segment.
    public init(
        purposeConsents: IDSet = [], purposeLegitimateInterests: IDSet = [], numCustomPurposes: Int = 0,
        customPurposeConsents: IDSet = [], customPurposeLegitimateInterests: IDSet = []
    ) {
        self.purposeConsents = purposeConsents
        self.purposeLegitimateInterests = purposeLegitimateInterests
        self.numCustomPurposes = numCustomPurposes
        self.customPurposeConsents = customPurposeConsents
        self.customPurposeLegitimateInterests = customPurposeLegitimateInterests
    }

    /// Reads the segment body; the 3-bit segment type has already been read.
    public init(from reader: inout BitReader) throws {
        purposeConsents = try IDSet.readBitfield(24, from: &reader)
        purposeLegitimateInterests = try IDSet.readBitfield(24, from: &reader)
        numCustomPurposes = try reader.readInt(6)
        customPurposeConsents = try IDSet.readBitfield(numCustomPurposes, from: &reader)
        customPurposeLegitimateInterests = try IDSet.readBitfield(numCustomPurposes, from: &reader)
    }

    /// Writes the segment body without the segment type.
    public func encode(to writer: inout BitWriter) throws {
        try purposeConsents.writeBitfield(24, to: &writer)
        try purposeLegitimateInterests.writeBitfield(24, to: &writer)
        try writer.write(numCustomPurposes, width: 6)
        try customPurposeConsents.writeBitfield(numCustomPurposes, to: &writer)
        try customPurposeLegitimateInterests.writeBitfield(numCustomPurposes, to: &writer)
    }
}
