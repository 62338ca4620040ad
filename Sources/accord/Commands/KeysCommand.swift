import AccordCore
import ArgumentParser
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self, List.self, Revoke.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List API keys: prefix, scopes, creation time and name (the keys themselves are not stored).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
                let keys = try await configured.run { store in try await store.apiKeys() }
                for key in keys {
                    let scopes = key.scopes.sorted().map(\.rawValue).joined(separator: ",")
                    print("\(key.prefix)  \(scopes)  \(key.createdAt.rfc3339)  \(key.name)")
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

        func run() async throws {
            try await runReportingErrors {
                let parsed: Set<APIKey.Scope>
                switch APIKey.parseScopes(scopes) {
                case .success(let value): parsed = value
                case .failure(let error):
                    let known = APIKey.Scope.allCases.map(\.rawValue).joined(separator: ", ")
                    throw CLIError("unknown scope '\(error.scope)'; known scopes: \(known)")
                }
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: false)
                let (token, key) = APIKey.generate(name: name, scopes: parsed, at: Date())
                try await configured.run { store in
                    try await store.migrate()
                    try await store.saveAPIKey(key)
                }
                print(token)
            }
        }
    }
}
