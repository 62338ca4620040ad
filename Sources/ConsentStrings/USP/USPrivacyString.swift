/// A US Privacy (CCPA) string such as `1YNN`, also carried as GPP section 6 (`uspv1`).
public struct USPrivacyString: Hashable, Sendable, CustomStringConvertible {
    /// One of the three signal characters.
    public enum Flag: Character, Hashable, Sendable {
        case yes = "Y"
        case no = "N"
        case notApplicable = "-"
    }

    /// The specification version, one digit.
    public var version: Int
    /// Whether explicit notice and the opportunity to opt out was given.
    public var notice: Flag
    /// Whether the user opted out of the sale of personal information.
    public var optOutSale: Flag
    /// Whether the publisher is a signatory to the IAB Limited Service Provider Agreement.
    public var lspaCovered: Flag

    /// Creates a string from its parts.
    public init(version: Int = 1, notice: Flag, optOutSale: Flag, lspaCovered: Flag) {
        self.version = version
        self.notice = notice
        self.optOutSale = optOutSale
        self.lspaCovered = lspaCovered
    }

    /// Decodes a four-character string: a version digit, then `Y`, `N` or `-` three times.
    public init(_ string: String) throws {
        let characters = Array(string)
        guard characters.count == 4 else {
            throw ConsentStringError(
                characters.count < 4 ? .truncated : .invalidValue, "a US Privacy string has 4 characters")
        }
        guard let version = characters[0].wholeNumberValue, characters[0].isASCII else {
            throw ConsentStringError(.invalidCharacter, "version '\(characters[0])' is not a digit")
        }
        func flag(_ index: Int) throws -> Flag {
            guard let flag = Flag(rawValue: characters[index]) else {
                throw ConsentStringError(.invalidCharacter, "'\(characters[index])' is not Y, N or -")
            }
            return flag
        }
        self.init(version: version, notice: try flag(1), optOutSale: try flag(2), lspaCovered: try flag(3))
    }

    /// The four-character string.
    public func encoded() throws -> String {
        guard (0...9).contains(version) else { throw ConsentStringError(.invalidValue, "version must be one digit") }
        return description
    }

    public var description: String {
        "\(version)\(notice.rawValue)\(optOutSale.rawValue)\(lspaCovered.rawValue)"
    }

    /// `{"Version", "Notice", "OptOutSale", "LspaCovered"}`, the iabgpp-es mapping.
    public var json: JSONValue {
        .object([
            "Version": .int(version), "Notice": .string(String(notice.rawValue)),
            "OptOutSale": .string(String(optOutSale.rawValue)), "LspaCovered": .string(String(lspaCovered.rawValue)),
        ])
    }

    /// Reads the iabgpp-es mapping.
    public init(json: JSONValue) throws {
        let fields = try JSONFields(json, "a US Privacy string")
        func flag(_ key: String) throws -> Flag {
            guard let character = try fields.string(key).first, let flag = Flag(rawValue: character) else {
                throw ConsentStringError(.invalidJSON, "'\(key)' must be Y, N or -")
            }
            return flag
        }
        self.init(
            version: try fields.int("Version"), notice: try flag("Notice"), optOutSale: try flag("OptOutSale"),
            lspaCovered: try flag("LspaCovered"))
    }
}
