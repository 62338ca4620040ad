import Foundation

// The record's synthesized `Codable` run through the export's names and forms. Only three values change form:
// the subject key (bytes, hex in the export), and choices and expiries (stored JSON text, objects in the export).
// Everything else passes through as it is, so the export bytes are what the field-by-field `EventLine` wrote.

/// Encodes an `EventRecord` as an export line.
struct EventLineEncoder: Encoder {
    let base: any Encoder
    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(Fields<Key>(base: base.container(keyedBy: FieldKey.self)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { base.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { base.singleValueContainer() }

    private struct Fields<Key: CodingKey>: KeyedEncodingContainerProtocol {
        var base: KeyedEncodingContainer<FieldKey>
        var codingPath: [any CodingKey] { base.codingPath }

        private func field(_ key: Key) -> FieldKey { FieldKey(EventLine.field(column(key))) }

        mutating func encodeNil(forKey key: Key) throws { try base.encodeNil(forKey: field(key)) }

        mutating func encode(_ value: String, forKey key: Key) throws {
            switch column(key) {
            case .choices: try base.encode(try ConsentEventEncoding.choices(from: value), forKey: field(key))
            case .expiresAt:
                try base.encode(try ConsentEventEncoding.expiries(from: value).mapValues(\.millisecondsSince1970), forKey: field(key))
            default: try base.encode(value, forKey: field(key))
            }
        }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            if let bytes = value as? Data {
                try base.encode(bytes.hexString, forKey: field(key))
            } else {
                try base.encode(value, forKey: field(key))
            }
        }

        mutating func encode(_ value: Bool, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { try base.encode(value, forKey: field(key)) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        { base.nestedContainer(keyedBy: keyType, forKey: field(key)) }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            base.nestedUnkeyedContainer(forKey: field(key))
        }
        mutating func superEncoder() -> any Encoder { base.superEncoder() }
        mutating func superEncoder(forKey key: Key) -> any Encoder { base.superEncoder(forKey: field(key)) }
    }
}

/// Decodes an `EventRecord` from an export line, checking the subject key, choices and expiries on the way, so a
/// bad value is named by its field (`choices.analytics`) as before.
struct EventLineDecoder: Decoder {
    let base: any Decoder
    var codingPath: [any CodingKey] { base.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { base.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Fields<Key>(base: try base.container(keyedBy: FieldKey.self)))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try base.unkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { try base.singleValueContainer() }

    private struct Fields<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let base: KeyedDecodingContainer<FieldKey>
        var codingPath: [any CodingKey] { base.codingPath }
        var allKeys: [Key] { base.allKeys.compactMap { Key(stringValue: $0.stringValue) } }

        private func field(_ key: Key) -> FieldKey { FieldKey(EventLine.field(column(key))) }

        func contains(_ key: Key) -> Bool { base.contains(field(key)) }
        func decodeNil(forKey key: Key) throws -> Bool { try base.decodeNil(forKey: field(key)) }

        func decode(_ type: String.Type, forKey key: Key) throws -> String {
            switch column(key) {
            case .choices:
                ConsentEventEncoding.choicesText(try base.decode([PurposeKey: ConsentChoice].self, forKey: field(key)))
            case .expiresAt:
                ConsentEventEncoding.expiriesText(
                    try base.decode([PurposeKey: Int64].self, forKey: field(key)).mapValues(Date.init(millisecondsSince1970:)))
            default: try base.decode(String.self, forKey: field(key))
            }
        }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard type == Data.self else { return try base.decode(type, forKey: field(key)) }
            return Data(try base.decode(SubjectKey.self, forKey: field(key)).bytes) as! T
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try base.decode(type, forKey: field(key)) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try base.decode(type, forKey: field(key)) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try base.decode(type, forKey: field(key)) }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        { try base.nestedContainer(keyedBy: type, forKey: field(key)) }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try base.nestedUnkeyedContainer(forKey: field(key))
        }
        func superDecoder() throws -> any Decoder { try base.superDecoder() }
        func superDecoder(forKey key: Key) throws -> any Decoder { try base.superDecoder(forKey: field(key)) }
    }
}

/// The record column a key of `EventRecord`'s synthesized coding names.
private func column(_ key: some CodingKey) -> EventRecord.CodingKeys {
    EventRecord.CodingKeys(rawValue: key.stringValue)!
}
