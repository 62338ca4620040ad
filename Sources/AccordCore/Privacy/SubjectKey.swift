/// The pseudonym under which a subject's consent is stored: HMAC-SHA-256 of the clear identifier.
/// Only the 32 bytes are kept; the clear identifier cannot be recovered from them without the server secret.
public struct SubjectKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The 32 bytes of the HMAC-SHA-256.
    public let bytes: [UInt8]

    /// A key from its bytes; nil unless there are exactly 32.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// A key from 64 hex digits in either case; nil for anything else.
    public init?(hex: String) {
        guard let bytes = [UInt8](hex: hex) else { return nil }
        self.init(bytes: bytes)
    }

    /// Hashes the 32 bytes as one buffer: the synthesized hashing fed them to the hasher one by one, 3 % of a
    /// 1,000-subject check's server CPU time (`perf`, release build). Equality stays the bytes'.
    public func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    /// Lower-case hex, 64 digits: how a key is stored, hashed into the chains and shown as a receipt's `sub`.
    public var hex: String { bytes.hexString }
    /// The hex form: a key never shows more than the pseudonym.
    public var description: String { hex }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = SubjectKey(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad subject key"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}
