import AccordCore
import ArgumentParser
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "List API keys: prefix, scopes, creation time, expiry, last use, creator and name (the keys themselves are not stored).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
                let keys = try await configured.run { store in try await store.apiKeys() }
                for key in keys {
                    let scopes = key.scopes.sorted().map(\.rawValue).joined(separator: ",")
                    let expires = key.expiresAt.map { "expires \($0.rfc3339)" } ?? "no expiry"
                    let used = key.lastUsedAt.map { "last used \($0.rfc3339)" } ?? "never used"
                    print("\(key.prefix)  \(scopes)  \(key.createdAt.rfc3339)  \(expires)  \(used)  \(key.createdBy ?? "-")  \(key.name)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke the API keys with this prefix: refused at once by new requests (within 5 s on running servers).")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The key's prefix, as `keys list` shows it")
        var prefix: String

        func run() async throws {
            try await runReportingErrors {
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
                let revoked = try await configured.run { store in try await store.revokeAPIKeys(prefix: prefix) }
                guard !revoked.isEmpty else { throw CLIError("no API key has the prefix '\(prefix)'") }
                print("revoked \(revoked.count == 1 ? "1 key" : "\(revoked.count) keys") with prefix \(prefix)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API key; it is printed once and only its hash is stored.")

        @OptionGroup var database: DatabaseOptions
        @Option(help: "Comma-separated: consents:read, consents:write, metrics:read, admin")
        var scopes: String
        @Option(help: "A name to recognise the key by")
        var name: String = "unnamed"
        @Option(help: "Days until the key expires (none by default)")
        var expiresInDays: Int?

        func run() async throws {
            try await runReportingErrors {
                let parsed: Set<APIKey.Scope>
                switch APIKey.parseScopes(scopes) {
                case .success(let value): parsed = value
                case .failure(let error):
                    let known = APIKey.Scope.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CLIError("unknown scope '\(error.scope)'; known scopes: \(known)")
                }
                if let days = expiresInDays, days < 1 { throw CLIError("--expires-in-days must be at least 1") }
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: false)
                let now = Date()
                let (token, key) = APIKey.generate(
                    name: name, scopes: parsed, at: now, expiresAt: expiresInDays.map { now.addingTimeInterval(Double($0) * 86_400) },
                    createdBy: "cli")
                try await configured.run { store in
                    try await store.migrate()
                    try await store.saveAPIKey(key)
                }
                print(token)
            }
        }
    }
}
