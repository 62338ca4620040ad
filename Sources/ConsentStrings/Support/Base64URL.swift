/// The base64url alphabet (RFC 4648 §5) used by TCF and GPP, written out by hand so that the codecs
/// need no Foundation.
enum Base64URL {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// The 6-bit value of a base64url character, or `nil`.
    @inline(__always)
    static func sextet(_ char: UInt8) -> UInt8? {
        switch char {
        case 65...90: return char &- 65
        case 97...122: return char &- 71
        case 48...57: return char &+ 4
        case 45: return 62
        case 95: return 63
        default: return nil
        }
    }

    /// Decodes characters into packed bits, most significant bit first.
    ///
    /// Trailing `=` padding is accepted and ignored; `=` anywhere else is an error.
    /// - Returns: the bytes and the number of meaningful bits (6 per character).
    static func decode(_ chars: UnsafeBufferPointer<UInt8>) throws -> (bytes: [UInt8], bitCount: Int) {
        var end = chars.count
        while end > 0, chars[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard chars.count - end <= 2 else {
            throw ConsentStringError(.invalidBase64, "too much '=' padding")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((end * 6 + 7) / 8)
        var accumulator: UInt32 = 0
        var pending = 0
        for index in 0..<end {
            guard let value = sextet(chars[index]) else {
                throw ConsentStringError(.invalidBase64, "character \(index) is not base64url", bitOffset: index * 6)
            }
            accumulator = (accumulator << 6) | UInt32(value)
            pending += 6
            if pending >= 8 {
                pending -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(pending)))
                accumulator &= (1 << UInt32(pending)) - 1
            }
        }
        if pending > 0 { bytes.append(UInt8(truncatingIfNeeded: accumulator << UInt32(8 - pending))) }
        return (bytes, end * 6)
    }

    /// Encodes the first `bitCount` bits of `bytes`; the caller has already padded `bitCount` to a
    /// multiple of 6 with zero bits.
    static func encode(_ bytes: [UInt8], bitCount: Int) -> String {
        let characters = bitCount / 6
        var output: [UInt8] = []
        output.reserveCapacity(characters)
        var reader = BitReader(bytes: bytes, bitCount: bitCount)
        for _ in 0..<characters {
            let value = reader.unchecked(6)
            output.append(alphabet[Int(value)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
