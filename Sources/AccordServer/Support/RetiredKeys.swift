import Configuration

/// Configuration keys that no longer do anything. A deployment that still sets one keeps starting (the key stays in
/// `ConfigurationKeys.all`, so it is not taken for a misspelling); `accord serve` prints one warning line for it.
public enum RetiredKeys {
    /// Each retired key with what replaced it.
    public static let all: [(key: String, instead: String)] = [
        // Measured without a gain in scripts/bench-webhooks.sh (docs/SCALING.md, issue 12, fourth pass).
        ("webhooks.deliveryNice", "webhook delivery runs at the server's CPU priority")
    ]

    /// The warning line for each retired key `reader` has a value for, in the order of `all`.
    public static func warnings(_ reader: ConfigReader) -> [String] {
        all.compactMap { retired in
            let key = ConfigKey(retired.key)
            guard reader.string(forKey: key) != nil || reader.int(forKey: key) != nil else { return nil }
            return "warning: \(retired.key) (\(ConfigurationKeys.environmentName(of: retired.key))) is no longer used and is ignored; "
                + retired.instead
        }
    }
}
