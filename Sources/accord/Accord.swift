import ArgumentParser

@main
struct Accord: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accord",
        abstract: "Accord: record, store, prove and honour consent.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, KeysCommand.self, UsersCommand.self, AuditCommand.self, ReceiptCommand.self, ConfigCommand.self,
            ExportCommand.self, ImportCommand.self,
        ] + stringCommands
    )
}
