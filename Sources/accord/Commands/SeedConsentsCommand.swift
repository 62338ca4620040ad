import AccordCore
import AccordSQLite
import ArgumentParser
import Foundation

/// `accord seed-consents --events N`: fills a property with N banner writes for capacity tests, through the consent
/// log's own append path in large transactions (`ConsentSeeder`), and prints how fast it went.
struct SeedConsentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-consents",
        abstract: "Fill a property with N banner consent writes (new visitors) for capacity tests, without HTTP.",
        discussion: """
            Each event is what POST /v1/properties/{property}/consents stores for a browser's first choice (visitor \
            av_ and 32 hex digits of its number, every optional purpose, the SDK's fields), with its subject's vault \
            entry, appended through the same append planner and SQL as the server's group commit, --batch events a \
            transaction. Events are dated over the day before the run. Running it again with the same --events \
            stores nothing new (the idempotency keys repeat). For test and benchmark databases, not production ones.
            """)

    @Option(help: "The property to fill")
    var property = "demo"
    @Option(help: "How many events (one new visitor each)")
    var events: Int
    @Option(help: "Events per transaction (default 10000 on SQLite, 1000 on PostgreSQL, whose store gives an operation 5 s)")
    var batch: Int?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReportingErrors {
            guard events > 0, batch ?? 1 > 0 else { throw CLIError("--events and --batch must be at least 1") }
            guard events <= Int(UInt32.max) else { throw CLIError("--events must be at most \(UInt32.max)") }
            let reader = try await ConfigSources.reader()
            let rootKey = try RootKeySource.read(reader)
            let configured = try database.openStore(reader: reader, mustExist: true, memory: .bulk)
            let propertyID = PropertyID(rawValue: property)
            let count = events
            let batchSize: Int
            switch configured {
            case .sqlite: batchSize = batch ?? 10_000
            case .postgres: batchSize = batch ?? 1_000
            }
            try await configured.run { store in
                try await store.migrate()
                guard let log = store as? any VaultedConsentLog else { throw CLIError("this store cannot seed") }
                guard propertyID.isWellFormed, let found = try await store.property(propertyID), !found.isArchived else {
                    throw CLIError("no property '\(propertyID)'")
                }
                guard found.currentPolicyVersion > 0, let policy = try await store.policyVersion(found.currentPolicyVersion, of: found.id)
                else { throw CLIError("property '\(propertyID)' has no published policy version") }
                let secret = try await ServerSecrets.secret(named: "subject-hmac-key", in: store, root: rootKey) { Self.randomKey() }
                let vaultSecret = try await ServerSecrets.secret(named: "subject-vault-key", in: store, root: rootKey) { Self.randomKey() }
                let seeder = ConsentSeeder(
                    property: found, policy: policy,
                    pseudonymizer: SubjectPseudonymizer(secret: secret, erased: try await ErasedSubjectSet.load(from: store)),
                    cipher: SubjectVaultCipher(secret: vaultSecret), count: count, last: Date().addingTimeInterval(-60),
                    step: 86_400 / Double(count))
                let started = ContinuousClock.now
                let order = await seeder.order()
                let ordered = ContinuousClock.now
                var reported = ordered
                let summary = try await seeder.run(into: log, order: order, batchSize: batchSize) { summary in
                    let now = ContinuousClock.now
                    guard now - reported >= .seconds(10) else { return }
                    reported = now
                    Self.report("seeded \(summary.stored + summary.replayed + summary.refused) of \(count)", since: ordered, done: summary)
                }
                let finished = ContinuousClock.now
                let total = summary.stored + summary.replayed + summary.refused
                print(
                    "ok: \(summary.stored) events stored, \(summary.replayed) already there, \(summary.refused) refused, "
                        + "in \(summary.batches) transactions of up to \(batchSize); "
                        + "ordered \(count) subjects in \(Self.seconds(ordered - started)) s, "
                        + "appended in \(Self.seconds(finished - ordered)) s = \(Self.rate(total, finished - ordered)) events/s; "
                        + "\(Self.seconds(finished - started)) s in all")
            }
        }
    }

    private static func report(_ text: String, since start: ContinuousClock.Instant, done: ConsentSeedSummary) {
        let elapsed = ContinuousClock.now - start
        let total = done.stored + done.replayed + done.refused
        FileHandle.standardError.write(Data("\(text): \(rate(total, elapsed)) events/s\n".utf8))
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.1f", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }

    private static func rate(_ count: Int, _ duration: Duration) -> Int {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds > 0 ? Int(Double(count) / seconds) : count
    }

    private static func randomKey() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return bytes
    }
}
