import Foundation

/// Reads an export (see `TransferRecord`) line by line into an empty store: every record is stored as it was,
/// events and audit entries in batches of `batchSize` per transaction, each link checked before it is written.
///
/// Call `prepare` once, `consume` for each line, then `finish`, which checks the chain heads the export
/// declares and runs the full audit (`StoreAudit`) on the target.
///
/// Vendor lists are not chained, so each is checked against the configuration audit trail instead: the
/// last `gvl.update` entry of its property must name its version, and (from format 2 on) every property
/// whose trail saved a list must come with one.
public struct StoreImporter {
    /// The target; it must be empty of events and audit entries (`prepare(_:)` checks).
    public let store: any ConsentStore
    /// Events, audit entries, undelivered deliveries and vault entries stored per transaction; a failed batch is reported
    /// at its first line.
    public let batchSize: Int
    /// Reads and checks every line (format, fields, links and hashes, declared heads) but writes nothing:
    /// a first pass over a file, so a bad line is found before the target is touched.
    public let checksOnly: Bool
    /// The records read so far, by kind; complete once `finish()` returns.
    public private(set) var summary = TransferSummary()
    /// Every line up to this one is stored in the target (0: none); what to report when an import fails.
    public private(set) var storedThrough = 0
    /// Whether anything was written to the target yet.
    public private(set) var hasWritten = false

    private var verifier = AuditVerifier()
    private var pendingEvents: [StoredEvent] = []
    private var pendingDeliveries: [OutboxDelivery] = []
    private var pendingVault: [VaultEntry] = []
    private var pendingEntries: [StoredAuditEntry] = []
    private var firstPendingLine: Int?
    private var lastPendingLine = 0
    private var declaredHeads: [ChainHead] = []
    private var format: Int?
    /// Each property's last `gvl.update` audit entry so far (entries come in chain order).
    private var vendorListUpdates: [PropertyID: AuditEntry] = [:]
    private var vendorListsCarried: Set<PropertyID> = []

    /// An importer into `store`; call `prepare(_:)` on the store first.
    public init(store: any ConsentStore, batchSize: Int = 1_000, checksOnly: Bool = false) {
        self.store = store
        self.batchSize = batchSize
        self.checksOnly = checksOnly
    }

    /// Brings the target's schema up to date and refuses a target that already holds events or audit entries:
    /// chains and ids from two databases cannot be merged.
    public static func prepare(_ store: any ConsentStore) async throws {
        try await store.migrate()
        let hasEvents = try await !store.eventsInChainOrder(after: nil, limit: 1).isEmpty
        let hasEntries = try await !store.auditEntriesInChainOrder(after: nil, limit: 1).isEmpty
        if hasEvents || hasEntries {
            throw TransferError(line: nil, "import needs an empty database: the target already has events or audit entries")
        }
    }

    /// Handles line `number` (1-based). Blank lines are skipped.
    public mutating func consume(_ line: String, number: Int) async throws(TransferError) {
        guard !line.allSatisfy(\.isWhitespace) else { return markStored(through: number) }
        let record: TransferRecord
        do {
            record = try TransferRecord(jsonLine: line)
        } catch {
            throw TransferError(line: number, error.reason)
        }
        guard format != nil || record.type == TransferRecord.headerType else {
            throw TransferError(line: number, "not an accord export: the first line must be its header (\"type\":\"accord-export\")")
        }
        switch record {
        case .header(let format, _):
            guard self.format == nil else { throw TransferError(line: number, "a second header") }
            let readable = TransferRecord.readableFormats
            guard readable.contains(format) else {
                throw TransferError(
                    line: number,
                    "export format \(format) is not supported (this accord reads formats \(readable.lowerBound) to \(readable.upperBound))")
            }
            self.format = format
        case .auditEntry(let stored):
            try check(stored, line: number)
            if stored.entry.action == ConfigurationEditor.vendorListUpdateAction {
                vendorListUpdates[stored.entry.property] = stored.entry
            }
            pendingEntries.append(stored)
            summary.auditEntries += 1
            try await pending(line: number)
        case .event(let stored):
            try check(stored, line: number)
            pendingEvents.append(stored)
            summary.events += 1
            try await pending(line: number)
        case .outboxDelivery(let delivery):
            try requireFormat(TransferRecord.deliveryFormat, record.type, line: number)
            pendingDeliveries.append(delivery)
            summary.outboxDeliveries += 1
            try await pending(line: number)
        case .vaultEntry(let entry):
            try requireFormat(TransferRecord.deliveryFormat, record.type, line: number)
            pendingVault.append(entry)
            summary.vaultEntries += 1
            try await pending(line: number)
        default:
            try await flush()
            try await write(record, line: number)
        }
        if firstPendingLine == nil { markStored(through: number) }
    }

    /// Stores what is pending, then checks the target: the chains end at the heads the export declares, and
    /// the full audit passes.
    public mutating func finish() async throws(TransferError) -> TransferSummary {
        guard let format else { throw TransferError(line: nil, "the input is empty: not an accord export") }
        try await flush()
        if let failure = verifier.finish(heads: declaredHeads) {
            throw TransferError(line: nil, "the export is incomplete: \(failure)")
        }
        let notCarried = vendorListUpdates.keys.filter { !vendorListsCarried.contains($0) }.sorted { $0.rawValue < $1.rawValue }
        if let missing = notCarried.first, format >= TransferRecord.vendorListFormat {
            throw TransferError(
                line: nil, "the export is incomplete: the audit trail of property '\(missing)' saves a vendor list the export does not hold")
        }
        summary.vendorListsNotCarried = notCarried
        if checksOnly { return summary }
        do {
            let targetHeads = Set(try await store.chainHeads().filter { $0.position > 0 })
            guard targetHeads == Set(declaredHeads) else {
                throw TransferError(line: nil, "the target's chain heads differ from the export's")
            }
            let report = try await StoreAudit.run(store)
            if let failure = report.chainFailure { throw TransferError(line: nil, "the audit of the target failed: \(failure)") }
            if report.stateMismatches > 0 {
                throw TransferError(line: nil, "the audit of the target failed: \(report.stateMismatches) consent_state rows differ from the events")
            }
        } catch let error as TransferError {
            throw error
        } catch {
            throw TransferError(line: nil, "checking the target failed: \(error)")
        }
        return summary
    }

    /// Checks the record's link and hash before anything is written, so a changed line is named by number.
    private mutating func check(_ record: some ChainedRecord, line: Int) throws(TransferError) {
        verifier.consume(record)
        if let failure = verifier.firstFailure { throw TransferError(line: line, "\(failure)") }
    }

    private mutating func write(_ record: TransferRecord, line: Int) async throws(TransferError) {
        switch record {
        case .chainHead(let head): return declaredHeads.append(head)
        case .vendorList(let property, let list): return try await write(list, of: property, line: line)
        case .webhookEndpoint: try requireFormat(TransferRecord.deliveryFormat, record.type, line: line)
        case .erasedSubject: try requireFormat(TransferRecord.erasureFormat, record.type, line: line)
        default: break
        }
        if checksOnly { return }
        do {
            switch record {
            case .property(let property):
                try await store.importProperty(property)
                summary.properties += 1
            case .policyVersion(let version):
                try await store.importPolicyVersion(version)
                summary.policyVersions += 1
            case .apiKey(let key):
                if let existing = try await store.apiKey(hash: key.hash) {
                    guard existing == key else { throw TransferError(line: line, "the target has another api key with this hash") }
                } else {
                    try await store.saveAPIKey(key)
                }
                summary.apiKeys += 1
            case .webhookEndpoint(let endpoint):
                guard try await store.property(endpoint.property) != nil else {
                    throw TransferError(
                        line: line, "webhook endpoint \(endpoint.id) belongs to property '\(endpoint.property)', which the export does not hold")
                }
                guard try await store.webhookEndpoint(endpoint.id, of: endpoint.property) == nil else {
                    throw TransferError(line: line, "the target already has webhook endpoint \(endpoint.id)")
                }
                try await store.saveWebhookEndpoint(endpoint)
                summary.webhookEndpoints += 1
            case .erasedSubject(let tombstone):
                _ = try await store.eraseSubjects([tombstone.subject], in: tombstone.property, at: tombstone.erasedAt)
                summary.erasedSubjects += 1
            case .secret(let name, let value):
                guard TransferRecord.isExportableSecret(name) else { throw TransferError(line: line, "unknown secret '\(name)'") }
                let kept = try await store.secret(named: name) { value }
                guard kept == value else { throw TransferError(line: line, "the target already has a different secret '\(name)'") }
                summary.secrets += 1
            case .header, .auditEntry, .event, .chainHead, .vendorList, .outboxDelivery, .vaultEntry:
                return
            }
            hasWritten = true
        } catch let error as TransferError {
            throw error
        } catch {
            throw TransferError(line: line, "\(error)")
        }
    }

    /// Refuses a record kind the export's format does not have (written by hand, or a header edited).
    private func requireFormat(_ first: Int, _ type: String, line: Int) throws(TransferError) {
        if let format, format < first {
            throw TransferError(line: line, "a \(type) line in a format \(format) export (\(type) lines came with format \(first))")
        }
    }

    /// Stores a property's vendor list, dated like the `gvl.update` entry that saved it, once that entry (read
    /// earlier in the export) confirms it: one list per property, of the version the entry names.
    private mutating func write(_ list: GlobalVendorList, of property: PropertyID, line: Int) async throws(TransferError) {
        if let format, format < TransferRecord.vendorListFormat {
            throw TransferError(line: line, "a vendorList line in a format \(format) export (vendor lists came with format 2)")
        }
        guard vendorListsCarried.insert(property).inserted else {
            throw TransferError(line: line, "a second vendor list for property '\(property)'")
        }
        guard let update = vendorListUpdates[property] else {
            throw TransferError(line: line, "property '\(property)' has a vendor list but no gvl.update audit entry saving it")
        }
        guard update.target == String(list.vendorListVersion) else {
            throw TransferError(
                line: line,
                "the vendor list of property '\(property)' is version \(list.vendorListVersion), but its last gvl.update audit entry "
                    + "saved version \(update.target ?? "none")")
        }
        summary.vendorLists += 1
        if checksOnly { return }
        do {
            try await store.importGVL(list, of: property, updatedAt: update.recordedAt)
        } catch {
            throw TransferError(line: line, "\(error)")
        }
        hasWritten = true
    }

    private mutating func flush() async throws(TransferError) {
        guard let first = firstPendingLine else { return }
        if !checksOnly {
            try await importPending(startingAt: first)
        }
        pendingEntries.removeAll(keepingCapacity: true)
        pendingEvents.removeAll(keepingCapacity: true)
        pendingDeliveries.removeAll(keepingCapacity: true)
        pendingVault.removeAll(keepingCapacity: true)
        firstPendingLine = nil
        storedThrough = lastPendingLine
    }

    private mutating func importPending(startingAt first: Int) async throws(TransferError) {
        do {
            try await store.importAuditEntries(pendingEntries)
            try await store.importEvents(pendingEvents)
            try await store.importUndeliveredDeliveries(pendingDeliveries)
            try await store.insertVaultEntries(pendingVault)
        } catch {
            throw TransferError(line: first, "storing the batch that starts here failed: \(error)")
        }
        hasWritten = true
        // The vault keeps an entry it already has (first writer wins): the moved one must be what is there now.
        for entry in pendingVault {
            guard (try? await store.vaultEntry(of: entry.subject, in: entry.property)) == entry else {
                throw TransferError(line: first, "the target already has another vault entry for a subject of the batch that starts here")
            }
        }
    }

    /// Notes that line `number` waits in the batch, and stores the batch once it is full.
    private mutating func pending(line number: Int) async throws(TransferError) {
        firstPendingLine = firstPendingLine ?? number
        lastPendingLine = number
        if pendingEvents.count + pendingEntries.count + pendingDeliveries.count + pendingVault.count >= batchSize { try await flush() }
    }

    private mutating func markStored(through line: Int) {
        if firstPendingLine == nil { storedThrough = line }
    }
}
