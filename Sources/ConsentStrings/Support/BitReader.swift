/// Reads big-endian bit fields from a decoded segment.
///
/// The reader holds packed bytes (most significant bit first) and a bit count; every read checks
/// that the field lies inside the segment and throws ``ConsentStringError/Code/truncated``
/// otherwise. Zero bits that base64url padding added count as part of the segment.
public struct BitReader: Sendable {
    let bytes: [UInt8]
    /// The number of bits in the segment.
    public let bitCount: Int
    /// The index of the next bit to read.
    public internal(set) var position: Int = 0

    /// Creates a reader over packed bytes of which the first `bitCount` bits are meaningful.
    public init(bytes: [UInt8], bitCount: Int) {
        self.bytes = bytes
        self.bitCount = min(bitCount, bytes.count * 8)
    }

    /// Creates a reader over one base64url segment (no `.` separators).
    public init(base64URL segment: some StringProtocol) throws {
        var string = String(segment)
        let decoded = try string.withUTF8 { try Base64URL.decode($0) }
        self.init(bytes: decoded.bytes, bitCount: decoded.bitCount)
    }

    /// Creates a reader over one base64url segment given as UTF-8 code units.
    init(base64URL chars: UnsafeBufferPointer<UInt8>) throws {
        let decoded = try Base64URL.decode(chars)
        self.init(bytes: decoded.bytes, bitCount: decoded.bitCount)
    }

    /// The number of bits left to read.
    public var remaining: Int { bitCount - position }

    /// Reads an unsigned integer of `width` bits (0 to 64).
    public mutating func read(_ width: Int) throws -> UInt64 {
        guard width <= bitCount - position else {
            throw ConsentStringError(.truncated, "needs \(width) more bits, \(remaining) left", bitOffset: position)
        }
        return unchecked(width)
    }

    /// Reads an unsigned integer of `width` bits as an `Int`.
    public mutating func readInt(_ width: Int) throws -> Int { Int(truncatingIfNeeded: try read(width)) }

    /// Reads one bit as a Boolean.
    public mutating func readBool() throws -> Bool { try read(1) == 1 }

    /// Skips `width` bits.
    public mutating func skip(_ width: Int) throws {
        guard width <= remaining else {
            throw ConsentStringError(.truncated, "cannot skip \(width) bits", bitOffset: position)
        }
        position += width
    }

    mutating func unchecked(_ width: Int) -> UInt64 {
        var result: UInt64 = 0
        var left = width
        var bit = position
        while left > 0 {
            let byte = UInt64(bytes[bit &>> 3])
            let offset = bit & 7
            let available = 8 &- offset
            let take = left < available ? left : available
            let chunk = (byte &>> UInt64(available &- take)) & ((1 &<< UInt64(take)) &- 1)
            result = (result &<< UInt64(take)) | chunk
            left &-= take
            bit &+= take
        }
        position = bit
        return result
    }
}

extension BitReader {
    /// Creates a reader over a text of `0` and `1` characters, for tests and diagnostics.
    public init(binary: String) throws {
        var writer = BitWriter()
        for character in binary {
            guard character == "0" || character == "1" else {
                throw ConsentStringError(.invalidCharacter, "'\(character)' is not a binary digit")
            }
            writer.write(character == "1")
        }
        self.init(bytes: writer.bytes, bitCount: writer.bitCount)
    }
}
