import ArgumentParser
import Foundation

@main
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Accord: record, store, prove and honour consent.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, KeysCommand.self, UsersCommand.self, AuditCommand.self, ReceiptCommand.self,
            ConfigCommand.self, ExportCommand.self, ImportCommand.self, BackupCommand.self, RestoreCommand.self,
            ImportConsentsCommand.self, SeedConsentsCommand.self,
            SystemsCommand.self,
        ] + stringCommands
    )

    /// As ArgumentParser's, except that a command line it cannot parse (an unknown flag, a missing argument) is
    /// reported on one line, `error: ...`, with exit status 64, like every other error of the CLI; `--help` is unchanged.
    static func main() async {
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            guard exitCode(for: error) != .success else { exit(withError: error) }
            let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: "; ")
            FileHandle.standardError.write(Data("error: \(message) (see accord --help)\n".utf8))
            Foundation.exit(64)
        }
        do {
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                var sync = command
                try sync.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
