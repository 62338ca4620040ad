import AccordCore
import ArgumentParser
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Prove the event log.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every hash chain and the current-state view; exit 1 at the first break.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
                let report = try await configured.run { store in try await StoreAudit.run(store) }
                if let failure = report.chainFailure {
                    throw CLIError("audit failed: \(failure)")
                }
                if report.stateMismatches > 0 {
                    throw CLIError("audit failed: \(report.stateMismatches) consent_state rows differ from the events")
                }
                print("ok: \(report.eventCount) events")
                if report.auditEntryCount > 0 { print("ok: \(report.auditEntryCount) configuration changes") }
            }
        }
    }
}
