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

    /// Sextet values by character; 0xFF marks a character outside the alphabet.
    static let sextets: [UInt8] = (0..<256).map { sextet(UInt8($0)) ?? 0xFF }

    /// Decodes characters into packed bits, most significant bit first, followed by
    /// ``BitReader/padding`` zero bytes.
    ///
    /// Trailing `=` padding is accepted and ignored; `=` anywhere else is an error.
    /// - Returns: the bytes and the number of meaningful bits (6 per character).
    static func decode(_ chars: UnsafeBufferPointer<UInt8>) throws -> (bytes: [UInt8], bitCount: Int) {
        var end = chars.count
        while end > 0, chars[end - 1] == UInt8(ascii: "=") { end -= 1 }
        guard chars.count - end <= 2 else {
            throw ConsentStringError(.invalidBase64, "too much '=' padding")
        }
        let byteCount = (end * 6 + 7) / 8
        var invalid: UInt8 = 0
        let bytes = sextets.withUnsafeBufferPointer { table in
            [UInt8](unsafeUninitializedCapacity: byteCount + BitReader.padding) { output, initialized in
                var index = 0
                var out = 0
                // Four characters make three bytes.
                while index &+ 4 <= end {
                    let a = table[Int(chars[index])], b = table[Int(chars[index &+ 1])]
                    let c = table[Int(chars[index &+ 2])], d = table[Int(chars[index &+ 3])]
                    invalid |= a | b | c | d
                    let group = UInt32(a) &<< 18 | UInt32(b) &<< 12 | UInt32(c) &<< 6 | UInt32(d)
                    output[out] = UInt8(truncatingIfNeeded: group &>> 16)
                    output[out &+ 1] = UInt8(truncatingIfNeeded: group &>> 8)
                    output[out &+ 2] = UInt8(truncatingIfNeeded: group)
                    index &+= 4
                    out &+= 3
                }
                var group: UInt32 = 0
                var bits: UInt32 = 0
                while index < end {
                    let value = table[Int(chars[index])]
                    invalid |= value
                    group = group &<< 6 | UInt32(value & 63)
                    bits &+= 6
                    index &+= 1
                }
                group &<<= 24 &- bits
                while out < byteCount {
                    output[out] = UInt8(truncatingIfNeeded: group &>> 16)
                    group &<<= 8
                    out &+= 1
                }
                for zero in out..<(out &+ BitReader.padding) { output[zero] = 0 }
                initialized = out &+ BitReader.padding
            }
        }
        if invalid & 0x80 != 0, let index = (0..<end).first(where: { sextet(chars[$0]) == nil }) {
            throw ConsentStringError(.invalidBase64, "character \(index) is not base64url", bitOffset: index * 6)
        }
        return (bytes, end * 6)
    }

    /// Encodes the first `bitCount` bits of `bytes`; the caller has already padded `bitCount` to a
    /// multiple of 6 with zero bits.
    static func encode(_ bytes: [UInt8], bitCount: Int) -> String {
        let characters = bitCount / 6
        return String(unsafeUninitializedCapacity: characters) { output in
            alphabet.withUnsafeBufferPointer { alphabet in
                var accumulator: UInt32 = 0
                var pending: UInt32 = 0
                var next = 0
                for index in 0..<characters {
                    if pending < 6 {
                        accumulator = accumulator &<< 8 | UInt32(next < bytes.count ? bytes[next] : 0)
                        next &+= 1
                        pending &+= 8
                    }
                    pending &-= 6
                    output[index] = alphabet[Int(accumulator &>> pending & 63)]
                }
            }
            return characters
        }
    }
}
