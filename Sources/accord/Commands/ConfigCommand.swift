import AccordCore
import ArgumentParser
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Configuration as code: export and apply YAML.", subcommands: [Export.self, Apply.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the whole setup (properties, purposes, texts, rules) as YAML; never secrets or consent data.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
                let document = try await configured.run { store in try await ConfigExport.document(store) }
                print(try ConfigYAML.encode(document), terminator: "")
            }
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a YAML file changes, and apply it with --yes (publishing policy versions as needed).")

        @Argument(help: "The YAML file, or - for stdin")
        var file: String
        @Flag(help: "Apply without asking") var yes = false
        @Flag(name: .customLong("dry-run"), help: "Only show the plan") var dryRun = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let text = try readText()
                let document = try ConfigYAML.decode(text, file: file)
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: false)
                try await configured.run { store in
                    try await store.migrate()
                    let planner = ConfigPlanner(editor: ConfigurationEditor(store: store), dataMap: store)
                    let forms = FormConfigPlanner(store: store)
                    let plan: ConfigPlan
                    let formChanges: [FormConfigPlanner.Change]
                    do {
                        plan = try await planner.plan(document)
                        formChanges = try await forms.plan(document.forms, desired: plan.desired)
                    } catch let error as ConfigurationError {
                        throw ConfigYAML.located(error, in: text, file: file)
                    }
                    if plan.isEmpty && formChanges.isEmpty {
                        print("no changes")
                        return
                    }
                    plan.changes.forEach { print($0) }
                    // Publishing goes ahead, but says what it warns about (a locale without a privacy policy), as the API does.
                    for case .publish(let id, _) in plan.changes {
                        for warning in plan.desired.first(where: { $0.id == id })?.publishWarnings ?? [] {
                            print("warning: property \(id): \(warning)")
                        }
                    }
                    formChanges.forEach { print($0) }
                    guard yes && !dryRun else {
                        print(dryRun ? "dry run: nothing was changed" : "run again with --yes to apply")
                        return
                    }
                    try await planner.apply(plan)
                    try await forms.apply(formChanges, at: Date())
                    print("applied \(plan.changes.count + formChanges.count) changes")
                }
            }
        }

        private func readText() throws -> String {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
            guard let data, let text = String(data: data, encoding: .utf8) else { throw CLIError("cannot read \(file)") }
            return text
        }
    }
}
