/// What a connector run does to a system for a request.
public enum ConnectorMode: String, Sendable, Hashable, Codable {
    /// Reads the subject's rows (access, portability).
    case access
    /// Erases them (deletion).
    case erase
    /// Finds them and changes nothing (correction: the counts tell the operator where to correct).
    case locate
}

/// Row counts of one system's answer: `found` = `deleted` + `masked` + `kept` + the shared rows.
public struct ConnectorRowCounts: Sendable, Hashable, Codable {
    public var found = 0
    public var deleted = 0
    public var masked = 0
    /// Rows kept under a retention exemption (their personal fields masked).
    public var kept = 0

    public init(found: Int = 0, deleted: Int = 0, masked: Int = 0, kept: Int = 0) {
        self.found = found
        self.deleted = deleted
        self.masked = masked
        self.kept = kept
    }
}

/// The subject's disclosed data from one collection: its personal columns' categories and the rows.
public struct CollectionData: Sendable, Hashable, Codable {
    /// Column → its categories, for the disclosed columns.
    public var categories: [String: [DataCategory]]
    /// The rows, disclosed columns only.
    public var rows: [[String: String?]]

    public init(categories: [String: [DataCategory]], rows: [[String: String?]]) {
        self.categories = categories
        self.rows = rows
    }
}

/// One system's answer to a request: the counts, what was left and why, the strategies (never values), and for
/// access the disclosed data.
public struct ConnectorOutcome: Sendable, Hashable, Codable {
    public var rows = ConnectorRowCounts()
    public var shared: [SharedRows] = []
    public var retained: [RetainedRows] = []
    public var strategies: [String: String] = [:]
    /// Collection → data (access only).
    public var data: [String: CollectionData] = [:]

    public init() {}
}

/// Runs a SQL connector against its database (implemented in `AccordConnectors`; the server sees this protocol).
public protocol ConnectorRunner: Sendable {
    /// Finds the subject `identities` name (identity type → value) in the database `connection` opens, through
    /// `dataset`, and reads or erases their rows per `mode` in one transaction. Throws `ConnectorError`.
    func run(
        kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode
    ) async throws -> ConnectorOutcome

    /// As `run`, with `beforeCommit` called inside the transaction once the work is done and before it commits:
    /// its answer is the run's, and an error it throws rolls the transaction back (a `ConnectorStepAborted` is
    /// rethrown as it is). Accord records the step's outcome there, so it is durable before the system's commit.
    func run(
        kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode,
        beforeCommit: @escaping @Sendable (ConnectorOutcome) async throws -> ConnectorOutcome
    ) async throws -> ConnectorOutcome
}

extension ConnectorRunner {
    /// For runners without a transaction of their own (test doubles): the work, then `beforeCommit`.
    public func run(
        kind: Connector.Kind, connection: String, dataset: Dataset, identities: [String: String], mode: ConnectorMode,
        beforeCommit: @escaping @Sendable (ConnectorOutcome) async throws -> ConnectorOutcome
    ) async throws -> ConnectorOutcome {
        try await beforeCommit(try await run(kind: kind, connection: connection, dataset: dataset, identities: identities, mode: mode))
    }
}

/// Accord's side refused a step inside the system's transaction (its claim on the run lapsed, or its own database
/// failed to record the step): the system's transaction is rolled back and nothing is the system's fault.
public struct ConnectorStepAborted: Error, Sendable, CustomStringConvertible {
    /// Why, without any value.
    public var description: String

    /// An abort for `description`.
    public init(_ description: String) { self.description = description }
}

/// What to record for an erasure step that an earlier attempt may already have committed (issue 14 §3): the
/// earlier attempt recorded its outcome (`prepared`) before its commit, and the resumed attempt ran again.
public enum StepReconciliation {
    /// When the resumed attempt found none of the subject's rows, the earlier attempt's commit happened (it removed
    /// them) and its prepared outcome is the truth; when it found rows, the earlier transaction never committed
    /// (the rows are still there) and the resumed attempt's own outcome is.
    public static func outcome(prepared: ConnectorOutcome?, resumed: ConnectorOutcome) -> ConnectorOutcome {
        guard let prepared, resumed.rows.found == 0 else { return resumed }
        return prepared
    }
}

/// The database-independent part of a run, over a transaction's tables.
public enum ConnectorWork {
    /// Does `mode` for `identities` with `tables` (inside the connector's transaction).
    public static func perform(
        _ mode: ConnectorMode, identities: [String: String], dataset: Dataset, tables: some ConnectorTables
    ) async throws -> ConnectorOutcome {
        var outcome = ConnectorOutcome()
        let rows = try await SubjectSearch.find(identities, in: dataset, tables: tables, sharing: mode == .erase)
        outcome.rows.found = rows.found
        switch mode {
        case .locate: return outcome
        case .access:
            for name in dataset.names {
                let collection = dataset.collections[name]!
                let disclosed = collection.fields.filter { $0.value.isDisclosed }
                let found = Array((rows.owned[name] ?? [:]).values) + Array((rows.related[name] ?? [:]).values)
                guard !found.isEmpty, !disclosed.isEmpty else { continue }
                let keys = found.sorted { SubjectSearch.key($0, collection).lexicographicallyPrecedes(SubjectSearch.key($1, collection)) }
                outcome.data[name] = CollectionData(
                    categories: disclosed.mapValues(\.categories),
                    rows: keys.map { row in Dictionary(uniqueKeysWithValues: disclosed.keys.map { ($0, row[$0] ?? nil) }) })
            }
            return outcome
        case .erase:
            let order: [String]
            switch DatasetValidator.erasureOrder(dataset) {
            case .success(let found): order = found
            case .failure(let cycle): throw ConnectorError.badConnection("the references form a cycle: \(cycle.path.joined(separator: " → "))")
            }
            let plan = ErasurePlan.make(rows, dataset: dataset, order: order, secrets: .random())
            for step in plan.steps {
                switch step.action {
                case .delete:
                    outcome.rows.deleted += try await tables.delete(step.collection, key: step.key)
                case .mask(let values):
                    if step.retained {
                        outcome.rows.kept += 1
                        if !values.isEmpty { _ = try await tables.update(step.collection, key: step.key, set: values) }
                    } else if !values.isEmpty {
                        outcome.rows.masked += try await tables.update(step.collection, key: step.key, set: values)
                    }
                }
            }
            outcome.shared = plan.shared
            outcome.retained = plan.retained
            outcome.strategies = plan.strategies
            return outcome
        }
    }
}
