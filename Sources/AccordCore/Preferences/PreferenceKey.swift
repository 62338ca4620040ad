/// A communication preference addressed the way a purpose key is: `channel.topic` (`email.newsletter`), or
/// `channel.topic.frequency` (`email.newsletter.weekly`) for the frequency a person chose.
///
/// It stands wherever a purpose key can (consent `choices`, the check API's `purposes`, history, webhooks,
/// exports) because each published policy version carries one synthesised `Purpose` per preference key of the
/// property's topics (`Property.preferencePurposes`). Purpose keys cannot contain `.`, so the two never clash.
public struct PreferenceKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The channel (`email`).
    public var channel: Purpose.Channel
    /// The topic (`newsletter`).
    public var topic: TopicKey
    /// The frequency chosen, for a frequency key; nil for the preference itself.
    public var frequency: Topic.Frequency?

    /// The key for `channel` x `topic`, or its frequency key.
    public init(channel: Purpose.Channel, topic: TopicKey, frequency: Topic.Frequency? = nil) {
        self.channel = channel
        self.topic = topic
        self.frequency = frequency
    }

    /// Parses `channel.topic` or `channel.topic.frequency`; nil for anything else (a plain purpose key, an unknown
    /// channel or frequency, an empty or malformed topic). Whether the property defines it is `Property.preference(_:)`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let channel = Purpose.Channel(rawValue: String(parts[0])) else { return nil }
        let topic = TopicKey(rawValue: String(parts[1]))
        guard topic.isWellFormed else { return nil }
        var frequency: Topic.Frequency?
        if parts.count == 3 {
            guard let parsed = Topic.Frequency(rawValue: String(parts[2])) else { return nil }
            frequency = parsed
        }
        self.init(channel: channel, topic: topic, frequency: frequency)
    }

    /// Parses a purpose key (see `init?(_ text:)`).
    public init?(_ key: PurposeKey) { self.init(key.rawValue) }

    /// The text form, `channel.topic[.frequency]`.
    public var description: String {
        let base = "\(channel.rawValue).\(topic.rawValue)"
        guard let frequency else { return base }
        return "\(base).\(frequency.rawValue)"
    }

    /// The key as a purpose key, as events, state and the check API carry it.
    public var purposeKey: PurposeKey { PurposeKey(rawValue: description) }

    /// The preference a frequency key belongs to (itself for a preference key).
    public var preference: PreferenceKey { PreferenceKey(channel: channel, topic: topic) }

    /// Orders by text.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

extension PurposeKey {
    /// The preference this key addresses, when it has the `channel.topic[.frequency]` shape.
    public var preference: PreferenceKey? { PreferenceKey(self) }
}
