extension JSONValue.Parser {
    mutating func parseString() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        while index < bytes.count {
            let unit = bytes[index]
            if unit == UInt8(ascii: "\"") {
                index += 1
                return String(scalars)
            }
            if unit != UInt8(ascii: "\\") {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                    index += 1
                }
                scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
                continue
            }
            guard index + 1 < bytes.count else { break }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "u"):
                guard index + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                else { throw fail("bad \\u escape") }
                index += 4
                if (0xD800..<0xDC00).contains(code) {
                    pendingHigh = code
                } else if let high = pendingHigh, (0xDC00..<0xE000).contains(code) {
                    scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))!)
                    pendingHigh = nil
                } else if let scalar = Unicode.Scalar(code) {
                    scalars.append(scalar)
                }
            default: scalars.append(Unicode.Scalar(escape))
            }
        }
        throw fail("unterminated string")
    }

    mutating func parseNumber() throws -> JSONValue {
        let start = index
        var isInteger = true
        while index < bytes.count {
            let unit = bytes[index]
            if (48...57).contains(unit) || unit == UInt8(ascii: "-") || unit == UInt8(ascii: "+") {
                index += 1
            } else if unit == UInt8(ascii: ".") || unit == UInt8(ascii: "e") || unit == UInt8(ascii: "E") {
                isInteger = false
                index += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let number = Int(text) { return .int(number) }
        guard let number = Double(text) else { throw fail("bad number '\(text)'") }
        return .double(number)
    }
}
