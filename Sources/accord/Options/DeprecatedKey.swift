import AccordServer
import Configuration
import Foundation

/// Configuration keys that were renamed: every database key now starts with `database.` (`database.url`,
/// `database.sqlite.synchronous`, `database.postgres.poolSize`). The new name wins; the former one is still read,
/// with a warning on stderr naming the replacement, so existing deployments keep working while they move.
enum DeprecatedKey {
    static func string(_ reader: ConfigReader, _ key: String, formerly old: String) -> String? {
        if let value = reader.string(forKey: ConfigKey(key)) { return value }
        guard let value = reader.string(forKey: ConfigKey(old)) else { return nil }
        warn(describe(old), use: describe(key))
        return value
    }

    static func int(_ reader: ConfigReader, _ key: String, formerly old: String) -> Int? {
        if let value = reader.int(forKey: ConfigKey(key)) { return value }
        guard let value = reader.int(forKey: ConfigKey(old)) else { return nil }
        warn(describe(old), use: describe(key))
        return value
    }

    static func warn(_ old: String, use new: String) {
        FileHandle.standardError.write(Data("warning: \(old) is deprecated; use \(new)\n".utf8))
    }

    private static func describe(_ key: String) -> String {
        "\(key) (\(ConfigurationKeys.environmentName(of: key)))"
    }
}
