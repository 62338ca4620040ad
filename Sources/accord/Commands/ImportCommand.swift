import AccordCore
import ArgumentParser
import Foundation

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load an export (accord export) into an empty database, exactly as it was, then audit it.")

    @Argument(help: "The export file, or - for stdin")
    var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let label = file == "-" ? "stdin" : file
            let configured = try database.openStore(reader: try await ConfigSources.reader(), mustExist: false)
            let summary = try await configured.run { store in
                do {
                    try await StoreImporter.prepare(store)
                } catch let error as TransferError {
                    throw CLIError(error.reason)
                }
                // A file is read twice: checked whole first, so a bad line leaves the target untouched.
                if file != "-" {
                    _ = try await Self.load(try openInput(), into: store, label: label, checksOnly: true)
                }
                return try await Self.load(try openInput(), into: store, label: label, checksOnly: false)
            }
            if summary.secrets == 0 {
                FileHandle.standardError.write(
                    Data("note: the export held no secrets: subject look-ups and receipt verification will not work here\n".utf8))
            }
            for property in summary.vendorListsNotCarried {
                FileHandle.standardError.write(
                    Data(
                        ("note: property '\(property)' had a vendor list, which format 1 exports do not carry: "
                            + "upload it again (PUT /v1/properties/\(property)/gvl)\n").utf8))
            }
            let lists = summary.vendorLists == 1 ? "1 vendor list" : "\(summary.vendorLists) vendor lists"
            var carried = ""
            if summary.webhookEndpoints + summary.outboxDeliveries + summary.vaultEntries > 0 {
                func count(_ number: Int, _ one: String, _ many: String) -> String { "\(number) \(number == 1 ? one : many)" }
                carried =
                    ", \(count(summary.webhookEndpoints, "webhook endpoint", "webhook endpoints")), \(count(summary.outboxDeliveries, "undelivered delivery", "undelivered deliveries")), "
                    + "\(count(summary.vaultEntries, "vault entry", "vault entries"))"
            }
            if summary.erasedSubjects > 0 { carried += ", \(summary.erasedSubjects) erased subjects" }
            print("ok: imported \(summary.events) events, \(summary.auditEntries) audit entries, \(lists)\(carried); audit verified")
        }
    }

    private func openInput() throws -> LineReader {
        if file == "-" { return LineReader(handle: FileHandle.standardInput) }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw CLIError("cannot read \(file)") }
        return LineReader(handle: handle)
    }

    /// Feeds every line to the importer. A failure names the file and line, and says whether the target
    /// now holds part of the export (it must then be discarded: an import needs an empty database).
    private static func load(
        _ lines: LineReader, into store: any ConsentStore, label: String, checksOnly: Bool
    ) async throws -> TransferSummary {
        var lines = lines
        var importer = StoreImporter(store: store, checksOnly: checksOnly)
        var number = 0
        do {
            while let line = try lines.next() {
                number += 1
                try await importer.consume(line, number: number)
            }
            return try await importer.finish()
        } catch {
            let location = (error as? TransferError).map { $0.line.map { "\(label):\($0): " } ?? "\(label): " } ?? "\(label):\(number + 1): "
            let reason = (error as? TransferError)?.reason ?? "\(error)"
            guard importer.hasWritten else { throw CLIError(location + reason + " (nothing was imported)") }
            throw CLIError(
                location + reason
                    + " (half imported: lines 1 to \(importer.storedThrough) are in the target; discard it and import into an empty database)")
        }
    }
}
