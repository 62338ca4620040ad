import AccordConnectors
import AccordCore
import AccordServer
import ArgumentParser
import Foundation

/// `accord systems check NAME`: the data map's connectors, from the command line.
struct SystemsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "systems", abstract: "The data map's systems and their connectors.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect to a system's database and check every table and column its dataset names, one line per problem.")

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The system's key") var name: String
        @Option(help: "The property whose data map holds it (needed when several do)") var property: String?

        func run() async throws {
            try await runReportingErrors {
                let reader = try await ConfigSources.reader()
                let rootKey = try RootKeySource.read(reader)
                let configured = try database.openStore(reader: reader, mustExist: true)
                let system = try await configured.run { store in try await find(in: store) }
                let problems = await ConnectorSecretBox(root: rootKey).check(
                    system, reader: SQLSchemaReader(), environment: ProcessInfo.processInfo.environment)
                guard problems.isEmpty else {
                    problems.forEach { print("\(system.property)/\(system.key): \($0)") }
                    throw CLIError("\(problems.count == 1 ? "1 problem" : "\(problems.count) problems") in \(system.property)/\(system.key)")
                }
                print("ok: \(system.property)/\(system.key) matches its dataset")
            }
        }

        func find(in store: any ConsentStore) async throws -> DataSystem {
            if let property {
                guard let system = try await store.system(name, of: PropertyID(rawValue: property)) else {
                    throw CLIError("property \(property) has no system \(name)")
                }
                return system
            }
            var found: [DataSystem] = []
            for property in try await store.properties() where !property.isArchived {
                if let system = try await store.system(name, of: property.id) { found.append(system) }
            }
            guard found.count == 1 else {
                throw CLIError(found.isEmpty ? "no property has a system \(name)" : "several properties have a system \(name): add --property")
            }
            return found[0]
        }
    }
}
