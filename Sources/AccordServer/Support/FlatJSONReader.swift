/// A forward-only reader over the bytes of a JSON body that takes only plain forms (strings without escapes or
/// control characters, short non-negative integers, literals) and answers nil (or false) for anything else, so that
/// the body goes the general way (`JSONBody.decode`). The fast readers of the consent write and the check bodies
/// (`ConsentBodyScanner`, `CheckBodyScanner`) are built on it. It reads by index within the buffer and never traps,
/// whatever the bytes.
struct FlatJSONReader {
    let bytes: UnsafeRawBufferPointer
    var position = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// A string without escapes or control characters, as valid UTF-8; nil for anything else.
    mutating func string() -> String? {
        guard let start = stringStart() else { return nil }
        var ascii = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            position += 1
        }
        return nil
    }

    /// The bytes of a plain ASCII string (an object key), in place, or nil.
    mutating func rawString() -> UnsafeRawBufferPointer? {
        guard let start = stringStart() else { return nil }
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            position += 1
        }
        return nil
    }

    /// `0`, or 1 to 18 digits without a leading zero, followed by a delimiter; nil for anything else (a sign, a
    /// fraction, an exponent, more digits), which the general path reads or refuses.
    mutating func integer() -> Int? {
        skipWhitespace()
        let start = position
        var value = 0
        while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            // Counted before the digit is taken in: 18 digits fit an `Int`, the 19th could overflow it.
            guard position - start < 18 else { return nil }
            value = value * 10 + Int(bytes[position] - UInt8(ascii: "0"))
            position += 1
        }
        let count = position - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0"), endsValue() else { return nil }
        return value
    }

    /// Takes `literal` (`null`, `true`, `false`) when it comes next as a whole value.
    mutating func takeLiteral(_ literal: StaticString) -> Bool {
        skipWhitespace()
        let count = literal.utf8CodeUnitCount
        guard bytes.count - position >= count else { return false }
        let pointer = literal.utf8Start
        for index in 0..<count where bytes[position + index] != pointer[index] { return false }
        let saved = position
        position += count
        guard endsValue() else {
            position = saved
            return false
        }
        return true
    }

    /// Whether the next byte may follow a number or literal: whitespace, `,`, `}`, `]` or the end.
    private func endsValue() -> Bool {
        guard position < bytes.count else { return true }
        switch bytes[position] {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
            UInt8(ascii: "}"), UInt8(ascii: "]"):
            return true
        default: return false
        }
    }

    /// Skips whitespace and an opening quote; the index after it, or nil.
    private mutating func stringStart() -> Int? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        return position
    }

    /// Skips whitespace, then takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): position += 1
            default: return
            }
        }
    }
}
