/// Reads big-endian bit fields from a decoded segment.
///
/// The reader holds packed bytes (most significant bit first) and a bit count; every read checks
/// that the field lies inside the segment and throws ``ConsentStringError/Code/truncated``
/// otherwise. Zero bits that base64url padding added count as part of the segment.
public struct BitReader: Sendable {
    /// The packed bytes followed by at least ``padding`` zero bytes, so a field is read with one unaligned
    /// 64-bit load (and at most one more byte) without a bounds check per byte.
    let bytes: [UInt8]
    static let padding = 9
    /// The number of bits in the segment.
    public let bitCount: Int
    /// The index of the next bit to read.
    public internal(set) var position: Int = 0

    /// Creates a reader over packed bytes of which the first `bitCount` bits are meaningful.
    public init(bytes: [UInt8], bitCount: Int) {
        self.init(padded: bytes + [UInt8](repeating: 0, count: Self.padding), bitCount: min(bitCount, bytes.count * 8))
    }

    /// Creates a reader over bytes that already end in ``padding`` zero bytes.
    init(padded bytes: [UInt8], bitCount: Int) {
        self.bytes = bytes
        self.bitCount = bitCount
    }

    /// Creates a reader over one base64url segment (no `.` separators).
    public init(base64URL segment: some StringProtocol) throws {
        var string = String(segment)
        let decoded = try string.withUTF8 { try Base64URL.decode($0) }
        self.init(padded: decoded.bytes, bitCount: decoded.bitCount)
    }

    /// Creates a reader over one base64url segment given as UTF-8 code units.
    init(base64URL chars: UnsafeBufferPointer<UInt8>) throws {
        let decoded = try Base64URL.decode(chars)
        self.init(padded: decoded.bytes, bitCount: decoded.bitCount)
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

    /// Reads `width` bits (0 to 64) that the caller has checked lie inside the segment.
    @inline(__always)
    mutating func unchecked(_ width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let index = position &>> 3
        let offset = UInt64(position & 7)
        position &+= width
        // The padding guarantees 9 readable bytes from any index inside the segment.
        return bytes.withUnsafeBytes { raw in
            precondition(index &+ 9 <= raw.count)
            var window = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &<< offset
            if offset &+ UInt64(width) > 64 { window |= UInt64(raw[index &+ 8]) &>> (8 &- offset) }
            return window &>> (64 &- UInt64(width))
        }
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
