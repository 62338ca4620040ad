import AccordCore
import ArgumentParser
import Foundation

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage API keys.", subcommands: [Create.self])

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
