import AccordCore

/// What a withdrawal with `"channel"` denies: the listed purposes plus every topic's preference on that channel.
enum ChannelWithdrawal {
    /// The purposes to deny; `purposes` unchanged without a channel. 422 `channel_invalid` for an unknown channel
    /// or one no active topic uses.
    static func purposes(_ purposes: [String]?, channel: String?, in property: Property) throws -> [String]? {
        guard let channel else { return purposes }
        guard let parsed = Purpose.Channel(rawValue: channel) else {
            throw APIError.invalid(
                "channel_invalid", "channel must be one of \(Purpose.Channel.allCases.map(\.rawValue).joined(separator: ", "))",
                field: "channel")
        }
        let keys = property.preferenceKeys(on: parsed).map(\.description)
        guard !keys.isEmpty else {
            throw APIError.invalid("channel_invalid", "no topic of this property uses the channel '\(channel)'", field: "channel")
        }
        return (purposes ?? []) + keys
    }
}
