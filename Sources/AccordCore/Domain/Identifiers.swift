/// The public identifier of a property (a site or app), as used in URLs and the SDK tag.
public struct PropertyID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The id as given; check `isWellFormed` before using one that came from outside.
    public let rawValue: String
    /// Wraps any text, unchecked.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// For ids written in code and tests (`"demo"`).
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The raw id, so a property id interpolates into paths and messages as it is.
    public var description: String { rawValue }

    /// Property ids are URL path segments: lower-case letters, digits, `-` and `_`, 1 to 64 characters.
    public var isWellFormed: Bool {
        !rawValue.isEmpty && rawValue.utf8.count <= 64
            && rawValue.utf8.allSatisfy { byte in
                (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
            }
    }
}

/// The key of a purpose within a property (`analytics`, `marketing`, ...).
public struct PurposeKey: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The key as configured (`analytics`); also the JSON object key in stored choices and expiries.
    public let rawValue: String
    /// Wraps any text, unchecked: a key the policy version does not define is refused where the choice is recorded.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// For keys written in code and tests (`"analytics"`).
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The raw key, as it appears in messages and paths.
    public var description: String { rawValue }
    /// Orders by raw text: the order in which keys are hashed and encoded.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The identifier of a consent event: a UUIDv7 string, so ids sort by creation time.
public struct EventID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The UUID in lower-case hex with hyphens, 36 characters.
    public let rawValue: String
    /// Wraps a stored or imported id, unchecked; new ids come from `EventID.make(at:)`.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The raw id, as it appears in messages and URLs.
    public var description: String { rawValue }
}

/// Purpose keys encode as JSON object keys, so maps keyed by purpose are objects (sorted, deterministic),
/// not arrays of alternating keys and values.
extension PurposeKey: CodingKeyRepresentable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The key as a JSON object key.
    public var codingKey: any CodingKey { Key(stringValue: rawValue) }

    /// Reads a key back from a JSON object key; never nil.
    public init?<T: CodingKey>(codingKey: T) {
        self.init(rawValue: codingKey.stringValue)
    }
}
