import Configuration
import Foundation
import SystemPackage

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

    /// The names of the variables in the environment and in `.env` (never their values), for the check of
    /// misspelt settings. `.env` lines are read as swift-configuration reads them: `NAME=value`, `#` comments.
    static func environmentNames() -> [String] {
        var names = Array(ProcessInfo.processInfo.environment.keys)
        if let file = try? String(contentsOfFile: ".env", encoding: .utf8) {
            for line in file.split(separator: "\n") {
                guard let equals = line.firstIndex(of: "=") else { continue }
                let name = line[..<equals].trimmingCharacters(in: .whitespacesAndNewlines)
                if !name.isEmpty, !name.hasPrefix("#") { names.append(name) }
            }
        }
        return names
    }
}
