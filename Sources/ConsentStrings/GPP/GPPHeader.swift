/// The GPP header section: type 3, version 1 and the Fibonacci-coded ids of the sections that follow.
public struct GPPHeader: Hashable, Sendable, BitCodable {
    /// The header's section type (6 bits); always 3.
    public var type: Int = 3
    /// The GPP version (6 bits); this library decodes version 1.
    public var version: Int = 1
    /// The ids of the sections in the string, ascending.
    public var sectionIDs: [GPPSectionID]

    /// Creates a header listing `sectionIDs`.
    public init(sectionIDs: [GPPSectionID]) { self.sectionIDs = sectionIDs.sorted() }

    /// Decodes a header from its base64url text.
    public init(_ string: String) throws {
        guard !string.isEmpty else { throw ConsentStringError(.empty, "empty GPP header") }
        var reader = try BitReader(base64URL: string)
        try self.init(from: &reader)
    }

    public init(from reader: inout BitReader) throws {
        type = try reader.readInt(6)
        guard type == 3 else {
            throw ConsentStringError(.invalidSegmentType, "GPP header type is \(type), not 3", bitOffset: 0)
        }
        version = try reader.readInt(6)
        guard version == 1 else {
            throw ConsentStringError(.unsupportedVersion, "GPP version \(version) is not 1", bitOffset: 6)
        }
        sectionIDs = try IDSet.readFibonacciRange(from: &reader).map(GPPSectionID.init(rawValue:))
    }

    public func encode(to writer: inout BitWriter) throws {
        try writer.write(type, width: 6)
        try writer.write(version, width: 6)
        try IDSet(sectionIDs.map(\.rawValue)).writeFibonacciRange(to: &writer)
    }

    /// The header as base64url text.
    public func encoded() throws -> String {
        var writer = BitWriter()
        try encode(to: &writer)
        return writer.base64URL(padding: .compressed)
    }

    /// `{"Id": 3, "Version": 1, "SectionIds": [...]}`, the iabgpp-es mapping.
    public var json: JSONValue {
        .object(["Id": .int(type), "Version": .int(version), "SectionIds": .ints(sectionIDs.map(\.rawValue))])
    }
}
