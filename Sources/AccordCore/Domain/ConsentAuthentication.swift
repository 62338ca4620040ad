/// How the caller that recorded an event proved its right to: stored with the event and covered by its hash,
/// so an auditor can tell a browser's anonymous choice from one a server made with a key.
public enum ConsentAuthentication: Hashable, Sendable {
    /// No key: a browser on `origin`, checked against the property's allowed origins or, on Accord's own
    /// pages, together with their form token.
    case keyless(origin: String)
    /// An API key, named by its prefix (never the key itself).
    case apiKey(prefix: String)
    /// The hosted preference center opened from a sealed preference link for a known subject.
    case preferenceLink
    /// A browser presenting an identify token the site's backend signed with the property's identity secret.
    case identifyToken

    /// The stored and hashed text form: `keyless <origin>`, `key <prefix>` or `link`.
    public var text: String {
        switch self {
        case .keyless(let origin): "keyless \(origin)"
        case .apiKey(let prefix): "key \(prefix)"
        case .preferenceLink: "link"
        case .identifyToken: "identify"
        }
    }

    /// Reads the stored text form back (`keyless <origin>`, `key <prefix>`, `link`); nil for any other text.
    public init?(text: String) {
        if text == "link" {
            self = .preferenceLink
        } else if text == "identify" {
            self = .identifyToken
        } else if text.hasPrefix("keyless ") {
            self = .keyless(origin: String(text.dropFirst(8)))
        } else if text.hasPrefix("key ") {
            self = .apiKey(prefix: String(text.dropFirst(4)))
        } else {
            return nil
        }
    }

    /// Whether the caller had no key, and so may record only what `KeylessPolicy` allows.
    public var isKeyless: Bool {
        if case .keyless = self { return true }
        return false
    }
}

/// Coded as its text form, through `RawRepresentable`'s own `Codable`: an unknown text fails to decode.
extension ConsentAuthentication: RawRepresentable, Codable {
    /// The text form, `text`.
    public var rawValue: String { text }

    /// The authentication a text form names, as `init(text:)`.
    public init?(rawValue: String) {
        self.init(text: rawValue)
    }
}

/// What a keyless caller may record: only the anonymous visitor ids the SDK makes, and only the sources a
/// browser produces. Known people change their choices through a preference link, a form or a key.
public enum KeylessPolicy {
    /// The sources a browser can produce; a keyless caller claiming `api` or `import` is refused.
    public static let allowedSources: Set<ConsentSource> = [.banner, .preferenceCenter, .gpc]

    /// `av_` and 32 lower-case hex digits: 128 random bits made by the SDK (web/sdk/accord.js) or the hosted page.
    public static func isVisitorID(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 35, text.hasPrefix("av_") else { return false }
        return bytes.dropFirst(3).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
