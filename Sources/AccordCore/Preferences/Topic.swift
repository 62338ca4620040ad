/// The key of a communication topic within a property (`newsletter`, `offers`, ...): the second half of a
/// preference key such as `email.newsletter`.
public struct TopicKey: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The key as configured; 1 to 64 lower-case letters, digits, `-` or `_` once validated.
    public let rawValue: String
    /// Wraps any text, unchecked: `PropertyValidator` refuses a malformed key where a topic is saved.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// For keys written in code and tests (`"newsletter"`).
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The raw key, as it appears in messages and paths.
    public var description: String { rawValue }
    /// Orders by raw text.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    /// Whether the key has the shape of a purpose key (no `.`, so `channel.topic` always parses one way).
    public var isWellFormed: Bool { PropertyID(rawValue: rawValue).isWellFormed }
}

/// What an organisation sends people about (a newsletter, offers, product news, service messages), on which
/// channels and, optionally, how often: the rows of a preference center. A person's preference for one
/// channel of a topic is a consent choice under the preference key `channel.topic` (`PreferenceKey`).
public struct Topic: Hashable, Sendable, Codable {
    /// How often a person may choose to hear about a topic.
    public enum Frequency: String, Hashable, Sendable, Codable, CaseIterable {
        /// At most once a day.
        case daily
        /// At most once a week.
        case weekly
        /// At most once a month.
        case monthly
    }

    /// The topic's key within its property.
    public var key: TopicKey
    /// The topic's name per locale (`{"en": "Newsletter"}`); the property's default locale is required.
    public var name: [String: String]
    /// What the topic covers, per locale; optional.
    public var description: [String: String]
    /// The channels the topic is sent on: each makes one preference key `channel.topic`. At least one.
    public var channels: [Purpose.Channel]
    /// The frequencies a person may choose between; empty when the topic offers no choice of frequency.
    public var frequencies: [Frequency]
    /// Days a choice stays valid before it expires (as a purpose's lifetime); `Purpose.defaultLifetimeDays` unless set.
    public var lifetimeDays: Int
    /// A retired topic is no longer offered, but its preferences stay in the history and answer checks.
    public var isRetired: Bool

    /// Memberwise; channels and frequencies keep the order given (the order a preference center shows them).
    public init(
        key: TopicKey,
        name: [String: String],
        description: [String: String] = [:],
        channels: [Purpose.Channel],
        frequencies: [Frequency] = [],
        lifetimeDays: Int = Purpose.defaultLifetimeDays,
        isRetired: Bool = false
    ) {
        self.key = key
        self.name = name
        self.description = description
        self.channels = channels
        self.frequencies = frequencies
        self.lifetimeDays = lifetimeDays
        self.isRetired = isRetired
    }

    /// The name for the first locale of `chain` the topic has one for, else any name (sorted by locale), else the key.
    public func name(for chain: [String]) -> String {
        for locale in chain { if let text = name[locale] { return text } }
        return name.sorted { $0.key < $1.key }.first?.value ?? key.rawValue
    }

    /// The preference keys this topic defines: `channel.topic` per channel, then `channel.topic.frequency` per
    /// frequency of each channel.
    public var preferenceKeys: [PreferenceKey] {
        channels.flatMap { channel in
            [PreferenceKey(channel: channel, topic: key)]
                + frequencies.map { PreferenceKey(channel: channel, topic: key, frequency: $0) }
        }
    }
}

extension Topic {
    enum CodingKeys: String, CodingKey {
        case key, name, description, channels, frequencies, lifetimeDays, isRetired
    }

    /// Decodes with the defaults filled in, so API bodies stay short; `key` may be absent where the path names it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try container.decodeIfPresent(TopicKey.self, forKey: .key) ?? "",
            name: try container.decode([String: String].self, forKey: .name),
            description: try container.decodeIfPresent([String: String].self, forKey: .description) ?? [:],
            channels: try container.decode([Purpose.Channel].self, forKey: .channels),
            frequencies: try container.decodeIfPresent([Frequency].self, forKey: .frequencies) ?? [],
            lifetimeDays: try container.decodeIfPresent(Int.self, forKey: .lifetimeDays) ?? Purpose.defaultLifetimeDays,
            isRetired: try container.decodeIfPresent(Bool.self, forKey: .isRetired) ?? false)
    }

    /// Encodes every field; `description` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(name, forKey: .name)
        if !description.isEmpty { try container.encode(description, forKey: .description) }
        try container.encode(channels, forKey: .channels)
        try container.encode(frequencies, forKey: .frequencies)
        try container.encode(lifetimeDays, forKey: .lifetimeDays)
        try container.encode(isRetired, forKey: .isRetired)
    }
}
