import AccordCore
import AccordSQLite
import ArgumentParser
import Foundation

/// `accord import-consents FILE --property P --mapping mapping.yaml`: the consents an organisation already holds
/// (a CRM's, an earlier CMP's export) as consent events, streamed, idempotent, bad rows to a reject file.
struct ImportConsentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-consents",
        abstract: "Import consents from a CSV or JSON lines file with a column mapping; bad rows go to a reject file.")

    @Argument(help: "The CSV or JSON lines file, or - for stdin")
    var file: String
    @Option(help: "The property the consents belong to")
    var property: String
    @Option(help: "The mapping file (YAML): which columns hold the subject, purposes, status and date")
    var mapping: String
    @Option(help: "Where rejected lines are written (CSV: line, reason); FILE.rejects.csv unless given")
    var rejects: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            let mappingValue = try Self.loadMapping(mapping)
            let reader = try await ConfigSources.reader()
            let rootKey = try RootKeySource.read(reader)
            // A bounded SQLite budget: the import's memory must not grow with the database it fills.
            let configured = try database.openStore(reader: reader, mustExist: true, memory: .bulk)
            let rejectPath = rejects ?? (file == "-" ? "import-consents.rejects.csv" : file + ".rejects.csv")
            let input = file
            let propertyID = PropertyID(rawValue: property)
            let summary = try await configured.run { store in
                try await store.migrate()
                guard propertyID.isWellFormed, let found = try await store.property(propertyID), !found.isArchived else {
                    throw CLIError("no property '\(propertyID)'")
                }
                guard found.currentPolicyVersion > 0, let policy = try await store.policyVersion(found.currentPolicyVersion, of: found.id)
                else { throw CLIError("property '\(propertyID)' has no published policy version") }
                let plan: ImportPlan
                do {
                    plan = try ImportPlan(mappingValue, policy: policy)
                } catch let error as ConfigurationError {
                    throw CLIError("\(mapping): \(error.description) (nothing was imported)")
                }
                let secret = try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: rootKey) {
                    var bytes = [UInt8](repeating: 0, count: 32)
                    var generator = SystemRandomNumberGenerator()
                    for index in bytes.indices { bytes[index] = generator.next() }
                    return bytes
                }
                let vaultSecret = try await ServerSecrets.secret(named: "subject-vault-key", in: store, root: rootKey) {
                    var bytes = [UInt8](repeating: 0, count: 32)
                    var generator = SystemRandomNumberGenerator()
                    for index in bytes.indices { bytes[index] = generator.next() }
                    return bytes
                }
                let rejectFile = try RejectFile(path: rejectPath)
                let importer = ConsentImporter(
                    plan: plan, property: found, policy: policy, log: store,
                    vault: ImportVault(store: store, cipher: SubjectVaultCipher(secret: vaultSecret)),
                    pseudonymizer: SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: store)),
                    onReject: rejectFile.write)
                try await ImportFeed.run(input, plan: plan, importer: importer)
                let summary = try await importer.finish()
                try rejectFile.close()
                return summary
            }
            let rejectNote = summary.rejected > 0 ? " (lines and reasons in \(rejectPath))" : ""
            print(
                "ok: \(summary.rows) rows: \(summary.stored) stored, \(summary.duplicates) already imported, "
                    + "\(summary.superseded) older than recorded choices, \(summary.rejected) rejected\(rejectNote)")
        }
    }

    static func loadMapping(_ path: String) throws -> ImportMapping {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("cannot read \(path)")
        }
        do {
            return try SafeYAML.decode(ImportMapping.self, from: text)
        } catch let overflow as SafeYAML.OverflowingInteger {
            throw CLIError("\(path)\(overflow.line.map { ":\($0)" } ?? ""): \(overflow.path): \(overflow.message)")
        } catch let error as DecodingError {
            throw CLIError("\(path): \(Self.describe(error))")
        } catch {
            throw CLIError("\(path): not a mapping (\(error))")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "\(path) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(path.isEmpty ? "the file" : path): \(context.debugDescription)"
        @unknown default:
            return "not a mapping"
        }
    }
}
