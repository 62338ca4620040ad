/// Appends big-endian bit fields and renders them as base64url.
public struct BitWriter: Sendable {
    /// How a segment is padded with zero bits before it is rendered as base64url.
    public enum Padding: Sendable {
        /// To a multiple of 24 bits, so that the text has no partial quantum (TCF v2, GPP `tcfeuv2`).
        case quantum
        /// To a whole byte, then to a whole character (GPP sections other than `tcfeuv2`).
        case compressed
    }

    private(set) var bytes: [UInt8] = []
    /// The number of bits written so far.
    public private(set) var bitCount: Int = 0

    /// Creates an empty writer.
    public init() {}

    /// Appends the low `width` bits of `value`, failing if the value does not fit.
    public mutating func write(_ value: Int, width: Int) throws {
        guard value >= 0, width >= 64 || value < (1 << width) else {
            throw ConsentStringError(.invalidValue, "\(value) does not fit in \(width) bits", bitOffset: bitCount)
        }
        append(UInt64(value), width: width)
    }

    /// Appends one bit.
    public mutating func write(_ bit: Bool) { append(bit ? 1 : 0, width: 1) }

    /// Appends the low `width` bits of `value` without range checking.
    public mutating func append(_ value: UInt64, width: Int) {
        var left = width
        while left > 0 {
            let offset = bitCount & 7
            if offset == 0 { bytes.append(0) }
            let room = 8 - offset
            let take = min(room, left)
            let chunk = (value >> UInt64(left - take)) & ((1 << UInt64(take)) - 1)
            bytes[bytes.count - 1] |= UInt8(truncatingIfNeeded: chunk << UInt64(room - take))
            left -= take
            bitCount += take
        }
    }

    /// Renders the bits as base64url after padding them with zero bits.
    public func base64URL(padding: Padding) -> String {
        var padded = bitCount
        switch padding {
        case .quantum:
            padded = (padded + 23) / 24 * 24
        case .compressed:
            padded = (padded + 7) / 8 * 8
            padded = (padded + 5) / 6 * 6
        }
        var storage = bytes
        while storage.count * 8 < padded { storage.append(0) }
        return Base64URL.encode(storage, bitCount: padded)
    }
}

extension BitWriter {
    /// The bits written so far as `0` and `1` characters.
    public var binary: String {
        var reader = BitReader(bytes: bytes, bitCount: bitCount)
        var text = ""
        for _ in 0..<bitCount { text += reader.unchecked(1) == 1 ? "1" : "0" }
        return text
    }
}
