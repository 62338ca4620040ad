/// A site or app whose visitors' consent Accord records.
public struct Property: Hashable, Sendable, Codable {
    public var id: PropertyID
    public var name: String
    /// Browser origins that may record consent without an API key.
    public var allowedOrigins: [OriginPattern]
    public var purposes: [Purpose]
    /// The regime applied when no region rule says otherwise.
    public var defaultRegime: Regime
    /// The policy version in force; new events refer to it unless they name another.
    public var currentPolicyVersion: Int

    public init(
        id: PropertyID,
        name: String,
        allowedOrigins: [OriginPattern],
        purposes: [Purpose],
        defaultRegime: Regime = .optIn,
        currentPolicyVersion: Int = 1
    ) {
        self.id = id
        self.name = name
        self.allowedOrigins = allowedOrigins
        self.purposes = purposes
        self.defaultRegime = defaultRegime
        self.currentPolicyVersion = currentPolicyVersion
    }

    public func purpose(_ key: PurposeKey) -> Purpose? {
        purposes.first { $0.key == key }
    }

    /// Whether a browser with this `Origin` may call the public API.
    public func allows(origin: String) -> Bool {
        allowedOrigins.contains { $0.matches(origin: origin) }
    }
}
