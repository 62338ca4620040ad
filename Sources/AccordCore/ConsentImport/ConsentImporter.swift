import Crypto
import Foundation

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

/// Imports consents an organisation already holds: each good row becomes one consent event (source `import`,
/// dated when the person chose, in its subject's chain), appended in batches through the consent log so memory
/// stays flat however long the file. Idempotent: each event's key is a hash of the row's content (subject,
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
    private let subjectKey: (String) -> SubjectKey
    private let onReject: (ImportRejection) throws -> Void
    private var pending: [ImportPlan.Row] = []
    /// The summary so far.
    public private(set) var summary = ConsentImportSummary()

    /// An importer of rows read by `plan` into `property` under its published `policy`, subjects pseudonymised by
    /// `pseudonymizer`; `onReject` hears every rejected line (to write the reject file).
    public convenience init(
        plan: ImportPlan, property: Property, policy: PolicyVersion, log: any ConsentLog,
        pseudonymizer: SubjectPseudonymizer, onReject: @escaping (ImportRejection) throws -> Void
    ) {
        self.init(
            plan: plan, property: property, policy: policy, log: log,
            subjectKey: { pseudonymizer.key(for: $0, in: property.id) }, onReject: onReject)
    }

    /// The same with the pseudonym of a (normalised) subject id given by `subjectKey`.
    public init(
        plan: ImportPlan, property: Property, policy: PolicyVersion, log: any ConsentLog,
        subjectKey: @escaping (String) -> SubjectKey, onReject: @escaping (ImportRejection) throws -> Void
    ) {
        self.plan = plan
        self.property = property
        self.policy = policy
        self.log = log
        self.subjectKey = subjectKey
        self.onReject = onReject
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
        }
        for result in try await log.append(events) {
            switch result {
            case .recorded: summary.stored += 1
            case .replayed, .idempotencyConflict, .stale: summary.duplicates += 1
            }
        }
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
            clientTime: row.date, recordedAt: row.date, idempotencyKey: Self.idempotencyKey(row, property: property.id))
    }

    /// `import-` and 40 hex digits of SHA-256 over the row's content: what makes a second import of the same file
    /// (or the same consent in another file) store nothing. The source and version texts are part of it, so the
    /// original line can later be shown to match its event.
    public static func idempotencyKey(_ row: ImportPlan.Row, property: PropertyID) -> String {
        var text = "accord-import-v1\u{0}\(property.rawValue)\u{0}\(row.subject)\u{0}\(row.date.rfc3339)"
        for key in row.choices.keys.sorted() { text += "\u{0}\(key.rawValue)=\(row.choices[key]!.rawValue)" }
        text += "\u{0}\(row.source ?? "")\u{0}\(row.version ?? "")"
        return "import-" + String(SHA256.hash(data: Array(text.utf8)).hexString.prefix(40))
    }
}
