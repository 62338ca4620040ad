import Configuration
import Foundation

/// The configuration sources, highest priority first: flags (given as a dictionary of dotted keys),
/// the environment (`HTTP_PORT`), then a `.env` file in the working directory if there is one.
enum ConfigSources {
    static func reader(flags: [String: ConfigContent?] = [:]) async throws -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in flags {
            guard let value else { continue }
            values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(value, isSecret: false)
        }
        return ConfigReader(providers: [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(secretsSpecifier: .specific(["DATABASE_URL", "SECRETS_ROOT_KEY"])),
            try await EnvironmentVariablesProvider(environmentFilePath: ".env", allowMissing: true),
        ])
    }
}
