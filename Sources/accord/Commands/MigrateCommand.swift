import AccordCore
import ArgumentParser
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Bring the database schema up to date (serve does this too).")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: false)
            try await configured.run { store in try await store.migrate() }
            print("ok: schema is up to date")
        }
    }
}
