import AccordCore
import AccordServer
import ArgumentParser
import Foundation

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage console users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a console user; prints a single-use set-up link valid for 24 hours.",
            discussion: """
                With --password-stdin the password is read from the first line of standard input and set at once \
                (for scripts and tests); no link is printed then.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(help: "The user's e-mail address")
        var email: String
        @Option(help: "owner, editor, agent or auditor")
        var role: String
        @Flag(help: "Read the password from standard input instead of printing a set-up link")
        var passwordStdin = false

        func run() async throws {
            try await runReportingErrors {
                guard let role = ConsoleRole(rawValue: role) else {
                    throw CLIError("unknown role '\(role)'; known roles: owner, editor, agent, auditor")
                }
                var password: String?
                if passwordStdin {
                    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                        throw CLIError("--password-stdin: no password on standard input")
                    }
                    password = line
                }
                let reader = try await ConfigSources.reader()
                let settings = ServerSettings(reader: reader)
                let configured = try database.openStore(reader: reader, mustExist: false)
                let created = try await configured.run { store in
                    try await store.migrate()
                    do {
                        // Creating a user seals no TOTP secret, so the TOTP key is not needed here.
                        return try await ConsoleAccounts(store: store, totpKey: []).create(
                            email: email, role: role, password: password, by: "cli")
                    } catch let refusal as ConsoleAccounts.Refusal {
                        throw CLIError("\(refusal.field): \(refusal.message.lowercased())")
                    }
                }
                if let token = created.setupToken {
                    print("\(settings.publicURL)/console/setup?token=\(token)")
                } else {
                    print("created \(created.user.email) (\(created.user.role.rawValue))")
                }
            }
        }
    }
}
