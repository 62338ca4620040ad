/// Where a requester lives, as an ISO 3166-1 alpha-2 country code or an ISO 3166-2 subdivision code
/// (`"DE"`, `"GB"`, `"US-CA"`, `"CA-QC"`). Letters are upper-cased; anything else is refused.
public struct Jurisdiction: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    /// The code as given, upper-cased: `"US-CA"`.
    public let code: String

    /// Parses a code; nil when it is not two letters, optionally followed by `-` and one to three letters or digits.
    public init?(_ text: String) {
        let code = text.uppercased()
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        guard parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        if parts.count == 2 {
            let sub = parts[1]
            guard (1...3).contains(sub.count), sub.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        }
        self.code = code
    }

    /// The ISO 3166-1 country: `"US"` for `"US-CA"`.
    public var country: String { String(code.prefix(2)) }

    /// The subdivision part, when there is one: `"CA"` for `"US-CA"`.
    public var subdivision: String? {
        code.count > 2 ? String(code.dropFirst(3)) : nil
    }

    public var description: String { code }

    public static func < (lhs: Jurisdiction, rhs: Jurisdiction) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Jurisdiction(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 3166 code"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
