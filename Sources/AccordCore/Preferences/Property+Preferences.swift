/// How a property's topics become preference keys that stand wherever a purpose key can.
extension Property {
    /// The topic defined under `key`, retired or not.
    public func topic(_ key: TopicKey) -> Topic? {
        topics.first { $0.key == key }
    }

    /// The topics still offered, in their configured order.
    public var activeTopics: [Topic] { topics.filter { !$0.isRetired } }

    /// One synthesised purpose per preference key of every topic (retired topics' marked retired): what a
    /// published policy version carries beside `purposes`, so consent writes, checks, expiry and history treat
    /// `email.newsletter` like any purpose.
    public var preferencePurposes: [Purpose] {
        topics.flatMap { topic in topic.preferenceKeys.map { preferencePurpose($0, of: topic) } }
    }

    /// The purpose `key` stands for: nil when the topic is unknown, or does not use the channel or frequency.
    public func preferencePurpose(_ key: PreferenceKey) -> Purpose? {
        guard let topic = topic(key.topic), topic.channels.contains(key.channel) else { return nil }
        if let frequency = key.frequency, !topic.frequencies.contains(frequency) { return nil }
        return preferencePurpose(key, of: topic)
    }

    /// The preference keys of `channel` across every active topic (without frequency keys): what an
    /// unsubscribe from everything on that channel denies.
    public func preferenceKeys(on channel: Purpose.Channel) -> [PreferenceKey] {
        activeTopics.filter { $0.channels.contains(channel) }.map { PreferenceKey(channel: channel, topic: $0.key) }
    }

    /// The purposes a check without a `purposes` list answers: every purpose, then every preference.
    public var checkablePurposes: [Purpose] { purposes + preferencePurposes }

    private func preferencePurpose(_ key: PreferenceKey, of topic: Topic) -> Purpose {
        // Without a description of its own, a preference is described by its channel's name in that locale.
        func describe(_ name: String, _ description: String?, _ locale: String) -> Purpose.Text {
            let suffix = key.frequency.map { " (\($0.rawValue))" } ?? ""
            let channelName = FormTexts.resolve(LocaleFallback.chain(for: locale, defaultLocale: defaultLocale))
                .channelName(key.channel.rawValue)
            return Purpose.Text(name: "\(name)\(suffix)", description: description ?? channelName)
        }
        let base = describe(
            topic.name[defaultLocale] ?? topic.name(for: [defaultLocale]), topic.description[defaultLocale], defaultLocale)
        var translations: [String: Purpose.Text] = [:]
        for (locale, name) in topic.name where locale != defaultLocale {
            translations[locale] = describe(name, topic.description[locale], locale)
        }
        return Purpose(
            key: key.purposeKey, name: base.name, description: base.description, legalBasis: .consent, isRequired: false,
            lifetimeDays: topic.lifetimeDays, channels: [key.channel], topics: [topic.key.rawValue],
            translations: translations, isRetired: topic.isRetired)
    }
}

extension Purpose {
    /// Whether the purpose is a communication preference synthesised from a topic (its key is `channel.topic`).
    public var isPreference: Bool { key.preference != nil }
}

extension Purpose.Channel {
    /// An English label for messages and descriptions (pages use their own translated words).
    public var displayName: String {
        switch self {
        case .email: "e-mail"
        case .sms: "text message (SMS)"
        case .phone: "telephone"
        case .post: "post"
        case .push: "push notification"
        case .inApp: "in-app message"
        }
    }
}
