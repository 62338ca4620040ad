import Foundation

/// Reads the exact compact forms `ConsentEventEncoding` writes (`{"a":"granted","b":"denied"}`,
/// `{"a":1795000000000}`) without `JSONDecoder`: every consent webhook sent decodes its subject's history, and the
/// generic decoder was most of that (issue 12, sixth pass). Anything else (whitespace, escapes, a repeated key,
/// a number with a sign of trouble) gives nil, and the caller decodes the text with `JSONDecoder` as before, so
/// what a text decodes to, or that it throws, is unchanged.
enum CompactObjectReader {
    /// The choices of `choicesText`'s form; nil when the text is not exactly in it.
    static func choices(_ text: String) -> [PurposeKey: ConsentChoice]? {
        members(text) { value in
            if value.elementsEqual(#""granted""#.utf8) { return ConsentChoice.granted }
            if value.elementsEqual(#""denied""#.utf8) { return ConsentChoice.denied }
            return nil
        }
    }

    /// The expiries of `expiriesText`'s form; nil when the text is not exactly in it.
    static func expiries(_ text: String) -> [PurposeKey: Date]? {
        members(text) { value in integer(value).map(Date.init(millisecondsSince1970:)) }
    }

    /// A non-negative integer of at most 18 digits without a leading zero (no overflow, no sign, no fraction).
    static func integer(_ digits: ArraySlice<UInt8>) -> Int64? {
        guard !digits.isEmpty, digits.count <= 18, digits.count == 1 || digits.first != UInt8(ascii: "0") else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The members of a flat object `{"key":value,...}` with no whitespace, keys free of escapes and control
    /// characters, each value up to the next `,` or `}` outside a string and read by `value`; nil on anything else.
    private static func members<Value>(_ text: String, _ value: (ArraySlice<UInt8>) -> Value?) -> [PurposeKey: Value]? {
        var text = text
        return text.withUTF8 { buffer -> [PurposeKey: Value]? in
            let bytes = ArraySlice(buffer)
            guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
            var result: [PurposeKey: Value] = [:]
            var at = bytes.startIndex + 1
            let end = bytes.endIndex - 1
            if at == end { return result }
            while true {
                guard bytes[at] == UInt8(ascii: "\"") else { return nil }
                var close = at + 1
                while close < end, bytes[close] != UInt8(ascii: "\"") {
                    guard bytes[close] != UInt8(ascii: "\\"), bytes[close] >= 0x20 else { return nil }
                    close += 1
                }
                guard close + 1 < end, bytes[close + 1] == UInt8(ascii: ":") else { return nil }
                let key = PurposeKey(rawValue: String(decoding: bytes[(at + 1)..<close], as: UTF8.self))
                var stop = close + 2
                var quoted = false
                while stop < end, quoted || bytes[stop] != UInt8(ascii: ",") {
                    if bytes[stop] == UInt8(ascii: "\"") { quoted.toggle() }
                    stop += 1
                }
                guard let parsed = value(bytes[(close + 2)..<stop]), result.updateValue(parsed, forKey: key) == nil else { return nil }
                if stop == end { return result }
                at = stop + 1
                guard at < end else { return nil }
            }
        }
    }
}
