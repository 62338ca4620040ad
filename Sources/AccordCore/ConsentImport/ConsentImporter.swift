import Crypto
import Foundation
import Synchronization

/// What an import did, line by line totals.
public struct ConsentImportSummary: Hashable, Sendable, Codable {
    /// Rows read (records, good or bad; the CSV header and blank lines are not rows).
    public var rows = 0
    /// Events newly stored.
    public var stored = 0
    /// Rows already imported before (same content: same idempotency key), so nothing was stored.
    public var duplicates = 0
    /// Rows older than a choice already recorded for each of their purposes: kept out, so history stays true.
    public var superseded = 0
    /// Rows rejected (to the reject file).
    public var rejected = 0

    /// An empty summary.
    public init() {}
}

/// Where an import keeps its subjects' clear identifiers: the subject vault (a store and the server's vault
/// cipher), as live writes do; the events hold only the keyed hash.
public struct ImportVault: Sendable {
    /// The vault's storage; when it is also the consent log (`VaultedConsentLog`), a batch's entries are stored in
    /// the batch's own transaction.
    public var store: any SubjectVault
    /// The server's vault cipher (`subject-vault-key`).
    public var cipher: SubjectVaultCipher

    /// A vault over `store`, sealing with `cipher`.
    public init(store: any SubjectVault, cipher: SubjectVaultCipher) {
        self.store = store
        self.cipher = cipher
    }
}

/// Imports consents an organisation already holds: each good row becomes one consent event (source `import`,
/// dated when the person chose, in its subject's chain, the other system's source and version text kept as its
/// `EventOrigin`), appended in batches through the consent log so memory stays flat however long the file. The
/// clear subject identifiers go to the subject vault (with the batch, in its transaction when the log is the
/// vault), never into the events. Idempotent: each event's key is a hash of the row's content (subject key,
/// choices, date, source and version text), so the same file twice stores nothing new.
///
/// A row older than a choice already recorded for a purpose does not override it (that purpose is dropped
/// from the row; a row left with none counts as superseded). Not `Sendable`: one import, one task.
public final class ConsentImporter {
    /// Rows per transaction.
    public static let batchSize = 1_000

    private let plan: ImportPlan
    private let property: Property
    private let policy: PolicyVersion
    private let log: any ConsentLog
    private let vault: ImportVault?
    private let subjectKey: (String) -> SubjectKey
    private let onReject: (ImportRejection) throws -> Void
    private var pending: [ImportPlan.Row] = []
    /// The summary so far.
    public private(set) var summary = ConsentImportSummary()

    /// An importer of rows read by `plan` into `property` under its published `policy`, subjects pseudonymised by
    /// `pseudonymizer` and their clear ids kept in `vault`; `onReject` hears every rejected line (to write the
    /// reject file).
    public convenience init(
        plan: ImportPlan, property: Property, policy: PolicyVersion, log: any ConsentLog, vault: ImportVault?,
        pseudonymizer: SubjectPseudonymizer, onReject: @escaping (ImportRejection) throws -> Void
    ) {
        self.init(
            plan: plan, property: property, policy: policy, log: log, vault: vault,
            subjectKey: { pseudonymizer.key(for: $0, in: property.id) }, onReject: onReject)
    }

    /// The same with the pseudonym of a (normalised) subject id given by `subjectKey`.
    public init(
        plan: ImportPlan, property: Property, policy: PolicyVersion, log: any ConsentLog, vault: ImportVault?,
        subjectKey: @escaping (String) -> SubjectKey, onReject: @escaping (ImportRejection) throws -> Void
    ) {
        self.plan = plan
        self.property = property
        self.policy = policy
        self.log = log
        self.vault = vault
        self.subjectKey = subjectKey
        self.onReject = onReject
        pending.reserveCapacity(Self.batchSize)
    }

    /// Takes what a reader produced; appends a batch once enough rows are pending.
    public func add(_ outputs: [CSVRecordReader.Output]) async throws {
        for output in outputs {
            summary.rows += 1
            switch output {
            case .rejected(let rejection):
                try reject(rejection)
            case .record(let record):
                switch plan.read(record) {
                case .success(let row): pending.append(row)
                case .failure(let rejection): try reject(rejection)
                }
            }
            if pending.count >= Self.batchSize { try await flush() }
        }
    }

    /// Appends what is still pending; the summary is final after it.
    public func finish() async throws -> ConsentImportSummary {
        try await flush()
        return summary
    }

    private func reject(_ rejection: ImportRejection) throws {
        summary.rejected += 1
        try onReject(rejection)
    }

    private func flush() async throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending.removeAll(keepingCapacity: true)
        let keys = rows.map { subjectKey($0.subject) }
        let states = try await log.states(of: Array(Set(keys)), in: property.id)
        // The newest date known per subject and purpose: stored, then earlier rows of this batch.
        var newest: [SubjectKey: [PurposeKey: Date]] = [:]
        var events: [ConsentEvent] = []
        var entries: [VaultEntry] = []
        var vaulted: Set<SubjectKey> = []
        events.reserveCapacity(rows.count)
        for (row, key) in zip(rows, keys) {
            var choices: [PurposeKey: ConsentChoice] = [:]
            for (purpose, choice) in row.choices {
                let known = newest[key]?[purpose] ?? states[key]?.purposes[purpose]?.since
                if let known, known > row.date { continue }
                choices[purpose] = choice
                newest[key, default: [:]][purpose] = row.date
            }
            guard !choices.isEmpty else {
                summary.superseded += 1
                continue
            }
            events.append(event(for: row, subject: key, choices: choices))
            // Upsert-if-absent: a subject already in the vault keeps its entry (and data key).
            if let vault, vaulted.insert(key).inserted {
                entries.append(try vault.cipher.entry(for: row.subject, subject: key, in: property.id, at: row.date))
            }
        }
        for result in try await append(events, entries: entries) {
            switch result {
            case .recorded: summary.stored += 1
            case .replayed, .idempotencyConflict, .stale: summary.duplicates += 1
            // Erased by another instance while the import ran: refused like any row that cannot be stored.
            case .subjectErased: summary.rejected += 1
            }
        }
    }

    /// The events with their subjects' vault entries: in one transaction when the log is the vault, else the
    /// entries first (so a subject is in the vault before any event names it).
    private func append(_ events: [ConsentEvent], entries: [VaultEntry]) async throws -> [AppendResult] {
        guard !events.isEmpty else { return [] }
        guard let vault, !entries.isEmpty else { return try await log.append(events) }
        guard let vaulted = log as? any VaultedConsentLog, (vaulted as AnyObject) === (vault.store as AnyObject) else {
            try await vault.store.insertVaultEntries(entries)
            return try await log.append(events)
        }
        let batch = OneBatch(AppendBatch(events: events, vaultEntries: entries))
        try await vaulted.appendVaultedBatches(next: { batch.take() }, deliver: { batch.deliver($0) })
        return try batch.result()
    }

    private func event(for row: ImportPlan.Row, subject: SubjectKey, choices: [PurposeKey: ConsentChoice]) -> ConsentEvent {
        let rule = property.rule(for: nil)
        var expiries: [PurposeKey: Date] = [:]
        for key in choices.keys {
            let lifetime = rule.lifetimeDays[key] ?? policy.purposes.first { $0.key == key }?.lifetimeDays ?? Purpose.defaultLifetimeDays
            expiries[key] = row.date.addingTimeInterval(TimeInterval(lifetime) * 86_400)
        }
        return ConsentEvent(
            id: .make(at: row.date), property: property.id, subject: subject, choices: choices, expiresAt: expiries,
            regime: rule.regime, policyVersion: policy.version, policyHash: policy.contentHash, source: .import,
            clientTime: row.date, recordedAt: row.date,
            idempotencyKey: Self.idempotencyKey(row, subject: subject, property: property.id),
            origin: EventOrigin(importedSource: row.source, importedVersion: row.version))
    }

    /// `import-` and 40 hex digits of SHA-256 over the row's content: what makes a second import of the same file
    /// (or the same consent in another file) store nothing. The subject is its keyed hash, never the clear id (an
    /// unkeyed hash of an address could be reversed by trying addresses); the source and version texts are part
    /// of it, as on the event.
    public static func idempotencyKey(_ row: ImportPlan.Row, subject: SubjectKey, property: PropertyID) -> String {
        var text = "accord-import-v2\u{0}\(property.rawValue)\u{0}\(subject.hex)\u{0}\(row.date.rfc3339)"
        for key in row.choices.keys.sorted() { text += "\u{0}\(key.rawValue)=\(row.choices[key]!.rawValue)" }
        text += "\u{0}\(row.source ?? "")\u{0}\(row.version ?? "")"
        return "import-" + String(SHA256.hash(data: Array(text.utf8)).hexString.prefix(40))
    }
}

/// One batch handed to `appendVaultedBatches` and its results taken back (also `ConsentSeeder`'s).
final class OneBatch: Sendable {
    private let state: Mutex<(batch: AppendBatch?, result: Result<[AppendResult], any Error>?)>

    init(_ batch: AppendBatch) {
        state = Mutex((batch, nil))
    }

    func take() -> AppendBatch? {
        state.withLock { state in
            defer { state.batch = nil }
            return state.batch
        }
    }

    func deliver(_ result: Result<[AppendResult], any Error>) {
        state.withLock { $0.result = result }
    }

    func result() throws -> [AppendResult] {
        guard let result = state.withLock({ $0.result }) else { throw StoreError.unavailable("the import batch was not committed") }
        return try result.get()
    }
}
