import AccordCore
import ArgumentParser
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole database as JSON lines (events with their chain links, configuration, key hashes) to stdout.")

    @Option(help: "Output format; only jsonl (one JSON object per line)")
    var format = "jsonl"
    @Flag(
        help:
            "Include the server secrets (subject pseudonym key, receipt signing key, vault key) with the webhook endpoints, undelivered messages and subject vault: needed for look-ups, receipts, webhooks and e-mail after a move"
    )
    var includeSecrets = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            guard format == "jsonl" else { throw CLIError("unknown format '\(format)'; the only format is jsonl") }
            let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: true)
            var output = LineWriter()
            let summary = try await configured.run { store in
                return try await StoreExporter(store: store, includeSecrets: includeSecrets).run(at: Date()) { output.write($0) }
            }
            output.flush()
            let note =
                includeSecrets
                ? "note: the export holds the server secrets: keep it as safe as the database itself"
                : "note: secrets not included: subject look-ups and receipt verification will not work on the target, and webhook "
                    + "endpoints, undelivered messages and the subject vault are left out (use --include-secrets)"
            FileHandle.standardError.write(Data("\(note)\n".utf8))
            let counts =
                "ok: exported \(summary.events) events, \(summary.auditEntries) audit entries, \(summary.properties) properties, "
                + "\(summary.policyVersions) policy versions, \(summary.vendorLists) vendor lists, \(summary.apiKeys) api keys, "
                + "\(summary.webhookEndpoints) webhook endpoints, \(summary.outboxDeliveries) undelivered deliveries, "
                + "\(summary.vaultEntries) vault entries, \(summary.secrets) secrets"
                + (summary.erasedSubjects > 0 ? ", \(summary.erasedSubjects) erased subjects" : "")
            FileHandle.standardError.write(Data("\(counts)\n".utf8))
        }
    }
}
