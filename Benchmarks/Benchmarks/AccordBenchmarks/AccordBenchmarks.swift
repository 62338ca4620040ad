import AccordCore
import AccordSQLite
import Benchmark
import ConsentStrings
import Foundation

/// Store write batches, the state fold, the audit hash, receipt signing and TC string decoding.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))

    let fixture = BenchmarkFixture()

    Benchmark("state fold, 100 events over 4 purposes") { benchmark in
        let events = fixture.events(count: 100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(ConsentState(folding: events))
        }
    }

    Benchmark("audit chain hash of one event") { benchmark in
        let event = fixture.events(count: 1)[0]
        let head = ChainHead.genesis(of: "demo/1")
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(AuditChain.link(event, after: head))
        }
    }

    Benchmark("receipt signature (Ed25519 JWS)") { benchmark in
        let signer = try ReceiptSigner(privateKeyBytes: ReceiptSigner.generatePrivateKey())
        let stored = StoredEvent(
            event: fixture.events(count: 1)[0], sequence: 1,
            link: ChainLink(chain: "demo/1", position: 1, previousHash: "p", hash: "h"))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try signer.sign(ConsentReceipt(issuer: "bench", stored: stored)))
        }
    }

    for (durability, batch) in [(SQLiteConsentStore.Durability.full, 64), (.full, 1), (.normal, 64)] {
        Benchmark(
            "SQLite append, batch of \(batch), synchronous=\(durability.rawValue)",
            configuration: .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(3))
        ) { benchmark in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID()).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            let store = try SQLiteConsentStore(path: path, durability: durability)
            try await store.migrate()
            try await store.importProperty(fixture.property)
            try await store.importPolicyVersion(fixture.policy)
            let batches = benchmark.scaledIterations.map { _ in fixture.events(count: batch, distinctSubjects: true) }
            benchmark.startMeasurement()
            for events in batches {
                blackHole(try await store.append(events))
            }
        }
    }

    consentStringBenchmarks()

    Benchmark("TC string decode, typical") { benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try TCString("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"))
        }
    }
}

/// Events for the demo property with unique ids and subjects.
struct BenchmarkFixture: Sendable {
    let property = DemoProperty.make()
    let policy = PolicyVersion.initial(of: DemoProperty.make(), at: Date(millisecondsSince1970: 0))

    func events(count: Int, distinctSubjects: Bool = false) -> [ConsentEvent] {
        var generator = SystemRandomNumberGenerator()
        let shared = SubjectKey(bytes: (0..<32).map { _ in generator.next() })!
        let keys: [PurposeKey] = ["analytics", "marketing", "personalization", "necessary"]
        return (0..<count).map { index in
            let time = Date(millisecondsSince1970: 1_790_000_000_000 + Int64(index))
            let subject = distinctSubjects ? SubjectKey(bytes: (0..<32).map { _ in generator.next() })! : shared
            let key = keys[index % keys.count]
            return ConsentEvent(
                id: .make(at: time), property: property.id, subject: subject,
                choices: [key: index.isMultiple(of: 2) ? .granted : .denied],
                expiresAt: [key: time.addingTimeInterval(365 * 86_400)], regime: .optIn, region: "DE",
                policyVersion: 1, policyHash: policy.contentHash, source: .banner, ipPrefix: "203.0.113.0",
                userAgent: "Firefox 133", recordedAt: time)
        }
    }
}
