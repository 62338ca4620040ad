/// A segment that may follow the core segment of a TC string, identified by its 3-bit type.
public enum TCSegment: Hashable, Sendable, BitCodable {
    /// Type 1: vendors disclosed to the user.
    case disclosedVendors(IDSet)
    /// Type 2: vendors the publisher allows (the retired global-scope segment).
    case allowedVendors(IDSet)
    /// Type 3: publisher purposes and custom purposes.
    case publisherTC(PublisherTC)

    /// The 3-bit segment type written at the start of the segment.
    public var segmentType: Int {
        switch self {
        case .disclosedVendors: 1
        case .allowedVendors: 2
        case .publisherTC: 3
        }
    }

    public init(from reader: inout BitReader) throws {
        let start = reader.position
        switch try reader.readInt(3) {
        case 1: self = .disclosedVendors(try IDSet.readVendorSection(from: &reader))
        case 2: self = .allowedVendors(try IDSet.readVendorSection(from: &reader))
        case 3: self = .publisherTC(try PublisherTC(from: &reader))
        case let other:
            throw ConsentStringError(.invalidSegmentType, "segment type \(other) is not defined", bitOffset: start)
        }
    }

    public func encode(to writer: inout BitWriter) throws {
        try writer.write(segmentType, width: 3)
        switch self {
        case .disclosedVendors(let ids), .allowedVendors(let ids): try ids.writeVendorSection(to: &writer)
        case .publisherTC(let segment): try segment.encode(to: &writer)
        }
    }
}

extension [TCSegment] {
    /// Replaces the first segment of the same type as `segment`, appends it, or with `nil` removes
    /// the first segment of `type`.
    mutating func replace(type: Int, with segment: TCSegment?) {
        let index = firstIndex { $0.segmentType == type }
        switch (index, segment) {
        case (let index?, let segment?): self[index] = segment
        case (let index?, nil): remove(at: index)
        case (nil, let segment?): append(segment)
        case (nil, nil): break
        }
    }
}
