import AccordCore

/// Reads the common shape of a consent write body straight from its bytes: one object whose keys are among
/// `subject`, `choices`, `source`, `policyVersion`, `region`, `locale`, `gpc`, `tcString`, `gppString`,
/// `idempotencyKey` and `clientTimestamp`, each at most once, with plain strings (no escapes, no control
/// characters, valid UTF-8), `choices` an object of such strings with no key twice, `policyVersion` a
/// non-negative integer of at most 18 digits, `gpc` `true` or `false`, any of them `null`, and JSON whitespace
/// anywhere. Anything else (a `contact`, another key, an escape, a number in another form, a key given twice,
/// invalid UTF-8, malformed JSON) gives nil and the body goes the general way (`JSONBody.decode`), which answers it
/// exactly as before, its error included: this only takes Foundation's `JSONDecoder` (and the separate
/// duplicate-key pass) off the path of the bodies it reads the same way. It reads by index within the buffer
/// and never traps, whatever the bytes.
enum ConsentBodyScanner {
    /// The submission of a body of the common shape, or nil.
    static func scan(_ bytes: UnsafeRawBufferPointer) -> ConsentRequest? {
        var reader = FlatJSONReader(bytes: bytes)
        return reader.consentRequest()
    }
}

extension FlatJSONReader {
    /// The fields a plain consent body may carry, in a bit set so that a key given twice is refused.
    private enum Field: Int {
        case subject, choices, source, policyVersion, region, locale, gpc, tcString, gppString, idempotencyKey, clientTimestamp

        static let names: [(StaticString, Field)] = [
            ("subject", .subject), ("choices", .choices), ("source", .source), ("policyVersion", .policyVersion),
            ("region", .region), ("locale", .locale), ("gpc", .gpc), ("tcString", .tcString), ("gppString", .gppString),
            ("idempotencyKey", .idempotencyKey), ("clientTimestamp", .clientTimestamp),
        ]

        /// The field a key's bytes name, compared byte for byte without making a string.
        init?(key: UnsafeRawBufferPointer) {
            for (name, field) in Self.names where name.utf8CodeUnitCount == key.count {
                let start = name.utf8Start
                if (0..<key.count).allSatisfy({ key[$0] == start[$0] }) {
                    self = field
                    return
                }
            }
            return nil
        }
    }

    mutating func consentRequest() -> ConsentRequest? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var request = ConsentRequest(subject: nil, choices: nil)
        var seen = 0
        if !take(UInt8(ascii: "}")) {
            repeat {
                guard let key = rawString(), let field = Field(key: key), seen & (1 << field.rawValue) == 0,
                    take(UInt8(ascii: ":"))
                else { return nil }
                seen |= 1 << field.rawValue
                if takeLiteral("null") { continue }
                let read: Bool
                switch field {
                case .subject: read = Self.set(&request.subject, string())
                case .choices: read = Self.set(&request.choices, stringObject())
                case .source: read = Self.set(&request.source, string())
                case .policyVersion: read = Self.set(&request.policyVersion, integer())
                case .region: read = Self.set(&request.region, string())
                case .locale: read = Self.set(&request.locale, string())
                case .gpc: read = Self.set(&request.gpc, takeLiteral("true") ? true : takeLiteral("false") ? false : nil)
                case .tcString: read = Self.set(&request.tcString, string())
                case .gppString: read = Self.set(&request.gppString, string())
                case .idempotencyKey: read = Self.set(&request.idempotencyKey, string())
                case .clientTimestamp: read = Self.set(&request.clientTimestamp, string())
                }
                guard read else { return nil }
            } while take(UInt8(ascii: ","))
            guard take(UInt8(ascii: "}")) else { return nil }
        }
        skipWhitespace()
        return position == bytes.count ? request : nil
    }

    /// Puts a value read into its field; false when nothing could be read (the body goes the general way).
    private static func set<Value>(_ field: inout Value?, _ value: Value?) -> Bool {
        field = value
        return value != nil
    }

    /// `{ "key": "value", ... }` with plain strings and no key twice, or nil.
    mutating func stringObject() -> [String: String]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var object: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return object }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), let value = string() else { return nil }
            // A key given twice is the general path's 400; two spellings Swift counts equal (é composed or not) are
            // left to it too.
            guard object.updateValue(value, forKey: key) == nil else { return nil }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? object : nil
    }
}
