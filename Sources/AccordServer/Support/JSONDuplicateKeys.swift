/// Finds a key that appears twice in one JSON object. Foundation's `JSONDecoder` silently keeps the first
/// occurrence while most other parsers keep the last, so a body with duplicates could mean one thing to Accord
/// and another to the systems it is forwarded to or audited by: such bodies are refused instead.
///
/// One pass over the bytes with an explicit stack (no recursion, so deep nesting cannot overflow the stack).
/// It does not validate JSON: on malformed input it answers what it saw and the decoder reports the error.
/// Keys are compared as Swift strings after unescaping, as the decoder compares them: `"a"` and `"\u0061"`
/// are the same key, and so are canonically equivalent spellings. Measured on a 320-byte consent body with
/// `scripts/bench-json-keys.sh` (-O, this 2-core machine under load): 0.7 µs, next to 7.3 µs for `JSONDecoder`.
enum JSONDuplicateKeys {
    /// The first duplicated key, with its JSON path (`choices.analytics`, `purposes[1].key`), or nil.
    static func first(in bytes: UnsafeRawBufferPointer) -> String? {
        var scanner = Scanner()
        return scanner.run(bytes)
    }

    static func first(in bytes: [UInt8]) -> String? {
        bytes.withUnsafeBytes { first(in: $0) }
    }

    /// One `{...}` or `[...]` being read.
    private struct Level {
        var isObject: Bool
        var expectingKey: Bool
        /// Objects: the keys so far (a linear scan while few, a set beyond that) and the latest one.
        var keys: [String] = []
        var keySet: Set<String>? = nil
        var lastKey: String = ""
        /// Arrays: the index of the current element.
        var index = 0

        /// Adds `key`; false when it was already there.
        mutating func insert(_ key: String) -> Bool {
            lastKey = key
            if var set = keySet {
                keySet = nil  // keep the set uniquely referenced while it is mutated
                defer { keySet = set }
                return set.insert(key).inserted
            }
            if keys.contains(key) { return false }
            keys.append(key)
            // Past a handful of keys a set is cheaper than scanning (vendor lists have objects of thousands).
            if keys.count > 16 {
                keySet = Set(keys)
                keys = []
            }
            return true
        }
    }

    private struct Scanner {
        var levels: [Level] = []

        mutating func run(_ bytes: UnsafeRawBufferPointer) -> String? {
            var position = 0
            let count = bytes.count
            while position < count {
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "{"):
                    levels.append(Level(isObject: true, expectingKey: true))
                case UInt8(ascii: "["):
                    levels.append(Level(isObject: false, expectingKey: false))
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard !levels.isEmpty else { return nil }
                    levels.removeLast()
                case UInt8(ascii: ","):
                    guard !levels.isEmpty else { return nil }
                    if levels[levels.count - 1].isObject {
                        levels[levels.count - 1].expectingKey = true
                    } else {
                        levels[levels.count - 1].index += 1
                    }
                case UInt8(ascii: ":"):
                    guard !levels.isEmpty else { return nil }
                    levels[levels.count - 1].expectingKey = false
                case UInt8(ascii: "\""):
                    let start = position + 1
                    var escaped = false
                    position = start
                    while position < count, bytes[position] != UInt8(ascii: "\"") {
                        if bytes[position] == UInt8(ascii: "\\") {
                            escaped = true
                            position += 1
                        }
                        position += 1
                    }
                    guard position < count else { return nil }
                    if let top = levels.indices.last, levels[top].isObject, levels[top].expectingKey {
                        let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<position])
                        let key = escaped ? Self.unescape(raw) : String(decoding: raw, as: UTF8.self)
                        levels[top].expectingKey = false
                        guard levels[top].insert(key) else { return path(to: key) }
                    }
                default:
                    break
                }
                position += 1
            }
            return nil
        }

        /// `outer.inner[2].key` for a key of the innermost level.
        private func path(to key: String) -> String {
            var path = ""
            for level in levels.dropLast() {
                if level.isObject {
                    path += path.isEmpty ? level.lastKey : ".\(level.lastKey)"
                } else {
                    path += "[\(level.index)]"
                }
            }
            return path.isEmpty ? key : "\(path).\(key)"
        }

        /// The string a JSON string literal's contents stand for; invalid escapes are kept as written (the
        /// decoder refuses them anyway).
        static func unescape(_ raw: UnsafeRawBufferPointer) -> String {
            var scalars = String.UnicodeScalarView()
            var utf8: [UInt8] = []
            var index = 0
            func flush() {
                if !utf8.isEmpty {
                    scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
                    utf8.removeAll(keepingCapacity: true)
                }
            }
            func hex4(at start: Int) -> UInt32? {
                guard start + 4 <= raw.count else { return nil }
                var value: UInt32 = 0
                for offset in 0..<4 {
                    guard let digit = hexDigit(raw[start + offset]) else { return nil }
                    value = value << 4 | UInt32(digit)
                }
                return value
            }
            while index < raw.count {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\"), index + 1 < raw.count else {
                    utf8.append(byte)
                    index += 1
                    continue
                }
                let escape = raw[index + 1]
                let simple: UInt8? =
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escape
                    case UInt8(ascii: "b"): 0x08
                    case UInt8(ascii: "f"): 0x0C
                    case UInt8(ascii: "n"): 0x0A
                    case UInt8(ascii: "r"): 0x0D
                    case UInt8(ascii: "t"): 0x09
                    default: nil
                    }
                if let simple {
                    utf8.append(simple)
                    index += 2
                    continue
                }
                guard escape == UInt8(ascii: "u"), var code = hex4(at: index + 2) else {
                    utf8.append(byte)
                    index += 1
                    continue
                }
                index += 6
                // A high surrogate followed by an escaped low one is one scalar beyond the BMP.
                if (0xD800...0xDBFF).contains(code), index + 1 < raw.count, raw[index] == UInt8(ascii: "\\"),
                    raw[index + 1] == UInt8(ascii: "u"), let low = hex4(at: index + 2), (0xDC00...0xDFFF).contains(low)
                {
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                flush()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            }
            flush()
            return String(scalars)
        }

        private static func hexDigit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
    }
}
