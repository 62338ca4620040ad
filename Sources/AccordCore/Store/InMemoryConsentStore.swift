import Foundation
import Synchronization

/// A store that keeps everything in memory: for tests and for trying Accord without a database.
/// It follows the same contract as the durable stores, including chains and idempotency.
public final class InMemoryConsentStore: ConsentStore {
    struct Contents {
        var properties: [PropertyID: Property] = [:]
        var policies: [String: PolicyVersion] = [:]
        var events: [StoredEvent] = []
        var idempotency: [String: Int] = [:]
        var heads: [String: ChainHead] = [:]
        var states: [PropertyID: [SubjectKey: ConsentState]] = [:]
        var apiKeys: [String: APIKey] = [:]
        var secrets: [String: [UInt8]] = [:]
        var auditEntries: [StoredAuditEntry] = []
        var vendorLists: [PropertyID: GlobalVendorList] = [:]
        var sequence: Int64 = 0
        var checkpoints: [String: [Int64: SignedCheckpoint]] = [:]
        var links: [PropertyID: [SubjectKey: LinkRow]] = [:]
        var outbox = InMemoryOutboxTables()
        var endpoints: [String: WebhookEndpoint] = [:]
        var requests: [String: PrivacyRequest] = [:]
        var systems: [PropertyID: [String: DataSystem]] = [:]
        /// Erased subjects' tombstones (`SubjectErasures`, InMemoryConsentStore+Erasures.swift), in erasure order.
        var erasures: [ErasedSubject] = []
    }

    let contents = Mutex(Contents())
    /// The subject vault's entries, apart from the consent log: they share no transaction with it.
    let vault = InMemorySubjectVault()
    /// Console users, sessions and set-up tokens (`UserStore`, in InMemoryConsentStore+Users.swift).
    let people = Mutex(UserContents())
    /// Form drafts and published versions (`FormStore`, in InMemoryConsentStore+Forms.swift).
    let formTables = Mutex(InMemoryFormTables())
    /// Banner impression counters (`ReportCounters`, in InMemoryConsentStore+Reports.swift), by key with a zero count.
    let impressions = Mutex([ImpressionTally: Int]())
    /// Request runs' claims and prepared step outcomes (`FulfilmentClaims`, InMemoryConsentStore+FulfilmentClaims.swift).
    let fulfilmentClaims = Mutex(InMemoryFulfilmentClaims())
    /// E-mailed access-package links by token hash (`PackageLinks`, PackageLinks.swift).
    let packageLinks = Mutex([[UInt8]: PackageLink]())
    /// Connector attachments (`ConnectorAttachments`, in InMemoryConsentStore+Attachments.swift), in saving order.
    let attachmentRows = Mutex([ConnectorAttachment]())

    /// An empty store; everything it holds is lost with it.
    public init() {}

    /// `SubjectLinks`: the subject the visitor is linked to.
    public func linkedSubject(of visitor: SubjectKey, in property: PropertyID) async throws -> SubjectKey? {
        contents.withLock { $0.links[property]?[visitor]?.subject }
    }

    /// `SubjectLinks`: the visitors linked to the subject, by key bytes.
    public func linkedVisitors(of subject: SubjectKey, in property: PropertyID) async throws -> [SubjectKey] {
        contents.withLock { contents in
            (contents.links[property] ?? [:]).values.filter { $0.subject == subject }.map(\.visitor)
                .sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        }
    }

    /// The stored events with these ids, by id.
    func events(withIDs ids: Set<EventID>) -> [EventID: ConsentEvent] {
        contents.withLock { contents in
            var found: [EventID: ConsentEvent] = [:]
            for stored in contents.events where ids.contains(stored.event.id) { found[stored.event.id] = stored.event }
            return found
        }
    }

    /// `StoreLifecycle`: there is no schema to migrate.
    public func migrate() async throws {}
    /// `StoreLifecycle`: memory always answers.
    public func ping() async throws {}

    /// `ConfigurationStore`: the saved configuration, or nil for an unknown id.
    public func property(_ id: PropertyID) async throws -> Property? {
        contents.withLock { $0.properties[id] }
    }

    /// `ConfigurationStore`: every property, archived ones included, sorted by id.
    public func properties() async throws -> [Property] {
        contents.withLock { $0.properties.values.sorted { $0.id.rawValue < $1.id.rawValue } }
    }

    /// `StoreImport`: stores the property as exported, without an audit entry.
    public func importProperty(_ property: Property) async throws {
        contents.withLock { $0.properties[property.id] = property }
    }

    /// `ConfigurationStore`: the published version with this number, or nil.
    public func policyVersion(_ version: Int, of property: PropertyID) async throws -> PolicyVersion? {
        contents.withLock { $0.policies["\(property)#\(version)"] }
    }

    /// `StoreImport`: stores the version as exported; a taken number throws `StoreError.policyVersionExists`.
    public func importPolicyVersion(_ version: PolicyVersion) async throws {
        try contents.withLock { contents in
            let key = "\(version.property)#\(version.version)"
            guard contents.policies[key] == nil else {
                throw StoreError.policyVersionExists(version.property, version.version)
            }
            contents.policies[key] = version
        }
    }

    /// `ConsentLog`: plans the batch with `AppendPlanner` and writes it under one lock, the in-memory transaction.
    public func append(_ events: [ConsentEvent]) async throws -> [AppendResult] {
        try append(events, followUps: nil)
    }

    /// `append`, writing the follow-ups of `batch` (`FollowUp`) for the events it records under the same lock.
    func append(_ events: [ConsentEvent], followUps batch: AppendBatch?) throws -> [AppendResult] {
        try contents.withLock { contents in
            let screen = Self.screenErased(AppendBatch(events: events), in: contents)
            let events = screen.batch.events
            let lookups = AppendPlanner.lookups(for: events)
            let plan = AppendPlanner.plan(
                events: events,
                heads: lookups.chains.compactMap { contents.heads[$0] },
                earlier: lookups.idempotencyKeys.compactMap { key in
                    contents.idempotency["\(key.property)#\(key.key)"].map { index in
                        let earlier = contents.events[index]
                        let history = contents.events[...index].lazy
                            .filter { $0.event.property == key.property && $0.event.subject == earlier.event.subject }
                        return EarlierEvent(stored: earlier, history: history.map(\.event))
                    }
                },
                states: lookups.subjects.flatMap { ref in
                    (contents.states[ref.property]?[ref.subject]?.purposes ?? [:]).map { purpose, state in
                        StateRow(property: ref.property, subject: ref.subject, purpose: purpose, state: state)
                    }
                })
            let sequences = Self.write(plan, to: &contents)
            let endpoints = contents.endpoints.values.filter { $0.status.queues }.sorted { $0.id < $1.id }
            contents.outbox.enqueue(plan.outboxEntries(endpoints: endpoints))
            let results = screen.results(try plan.results(sequences: sequences))
            if let batch {
                // The contact before the messages that go to it, under the same lock (`ContactFollowUp`).
                let missed = vault.replaceContacts(batch.contactWrites(results: results))
                contents.outbox.enqueue(batch.followUpEntries(results: results, missedContacts: missed))
            }
            return results
        }
    }

    /// Stores the plan's events, state rows and heads; returns the sequence number of each insert.
    private static func write(_ plan: AppendPlan, to contents: inout Contents) -> [Int64] {
        let sequences = plan.inserts.map { insert in
            contents.sequence += 1
            contents.events.append(StoredEvent(event: insert.event, sequence: contents.sequence, link: insert.link))
            if let key = insert.event.idempotencyKey {
                contents.idempotency["\(insert.event.property)#\(key)"] = contents.events.count - 1
            }
            return contents.sequence
        }
        for row in plan.states {
            contents.states[row.property, default: [:]][row.subject, default: ConsentState()].purposes[row.purpose] = row.state
        }
        for head in plan.heads { contents.heads[head.chain] = head }
        for link in plan.links { contents.links[link.property, default: [:]][link.visitor] = link }
        return sequences
    }

    /// `ConsentLog`: the state of each listed subject that has one.
    public func states(of subjects: [SubjectKey], in property: PropertyID) async throws -> [SubjectKey: ConsentState] {
        contents.withLock { contents in
            let all = contents.states[property] ?? [:]
            return all.filter { Set(subjects).contains($0.key) }
        }
    }

    /// `ConsentLog`: a subject's events newest first, older than sequence number `cursor` when given.
    public func events(of subject: SubjectKey, in property: PropertyID, before cursor: Int64?, limit: Int) async throws
        -> [StoredEvent]
    {
        contents.withLock { contents in
            Array(
                contents.events.reversed()
                    .filter {
                        $0.event.property == property && $0.event.subject == subject
                            && (cursor == nil || $0.sequence < cursor!)
                    }
                    .prefix(limit))
        }
    }

    /// `ChainReader`: events sorted by chain and position, strictly after `cursor`.
    public func eventsInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredEvent] {
        contents.withLock { contents in
            let sorted = contents.events.sorted { ($0.link.chain, $0.link.position) < ($1.link.chain, $1.link.position) }
            let remaining = sorted.filter { stored in
                guard let cursor else { return true }
                return (stored.link.chain, stored.link.position) > (cursor.chain, cursor.position)
            }
            return Array(remaining.prefix(limit))
        }
    }

    /// `ChainReader`: every chain head, consent and configuration, sorted by chain.
    public func chainHeads() async throws -> [ChainHead] {
        contents.withLock { $0.heads.values.sorted { $0.chain < $1.chain } }
    }

    /// `ChainReader`: the whole state view, sorted by property, subject and purpose.
    public func allStates() async throws -> [StateRow] {
        contents.withLock { contents in
            contents.states.flatMap { property, subjects in
                subjects.flatMap { subject, state in
                    state.purposes.map { StateRow(property: property, subject: subject, purpose: $0.key, state: $0.value) }
                }
            }.sorted()
        }
    }

    /// `ChainReader`: refolds every event, in commit order, into an emptied state view.
    public func rebuildStates() async throws {
        contents.withLock { contents in
            contents.states = [:]
            let erased = Set(contents.erasures.map { ErasureKey(property: $0.property, subject: $0.subject) })
            for stored in contents.events {
                let event = stored.event
                // An erased subject's events stay as evidence but are never folded into state again.
                if erased.contains(ErasureKey(property: event.property, subject: event.subject)) { continue }
                contents.states[event.property, default: [:]][event.subject, default: ConsentState()].apply(event)
            }
        }
    }

    /// `StoreImport`: stores the events with their links and moves heads and states as `AppendPlanner.importing` says.
    public func importEvents(_ events: [StoredEvent]) async throws {
        contents.withLock { contents in
            let states = AppendPlanner.lookups(for: events.map(\.event)).subjects.flatMap { ref in
                (contents.states[ref.property]?[ref.subject]?.purposes ?? [:]).map { purpose, state in
                    StateRow(property: ref.property, subject: ref.subject, purpose: purpose, state: state)
                }
            }
            _ = Self.write(AppendPlanner.importing(events, states: states), to: &contents)
        }
    }

    /// `ConfigurationStore`: saves the draft and links the audit entry, or throws `StoreError.concurrentChange`.
    public func saveProperty(_ property: Property, audit: AuditEntry, replacing expected: Property?) async throws {
        try contents.withLock { contents in
            guard contents.properties[property.id] == expected else { throw StoreError.concurrentChange(property.id) }
            contents.properties[property.id] = property
            Self.append(audit, to: &contents)
        }
    }

    /// `ConfigurationStore`: publishes, saves and audits at once; `StoreError.concurrentChange` or
    /// `StoreError.policyVersionExists` leave everything as it was.
    public func publish(_ version: PolicyVersion, property: Property, audit: AuditEntry, replacing expected: Property)
        async throws
    {
        try contents.withLock { contents in
            guard contents.properties[property.id] == expected else { throw StoreError.concurrentChange(property.id) }
            let key = "\(version.property)#\(version.version)"
            guard contents.policies[key] == nil else {
                throw StoreError.policyVersionExists(version.property, version.version)
            }
            contents.policies[key] = version
            contents.properties[property.id] = property
            Self.append(audit, to: &contents)
            if let entry = PolicyMessages.entry(of: version, endpoints: Array(contents.endpoints.values)) {
                contents.outbox.enqueue([entry])
            }
        }
    }

    /// `ConfigurationStore`: saves the list and links the audit entry; `StoreError.propertyNotFound` for an unknown property.
    public func saveGVL(_ list: GlobalVendorList, of property: PropertyID, audit: AuditEntry) async throws {
        try contents.withLock { contents in
            guard contents.properties[property] != nil else { throw StoreError.propertyNotFound(property) }
            contents.vendorLists[property] = list
            Self.append(audit, to: &contents)
        }
    }

    /// `ConfigurationStore`: the saved list, or nil.
    public func gvl(of property: PropertyID) async throws -> GlobalVendorList? {
        contents.withLock { $0.vendorLists[property] }
    }

    /// `StoreImport`: stores the list without an audit entry (`updatedAt` is not kept in memory).
    public func importGVL(_ list: GlobalVendorList, of property: PropertyID, updatedAt: Date) async throws {
        try contents.withLock { contents in
            guard contents.properties[property] != nil else { throw StoreError.propertyNotFound(property) }
            contents.vendorLists[property] = list
        }
    }

    static func append(_ entry: AuditEntry, to contents: inout Contents) {
        let chain = AuditEntry.chain(of: entry.property)
        let link = AuditChain.link(entry, after: contents.heads[chain] ?? .genesis(of: chain))
        contents.heads[chain] = ChainHead(chain: chain, position: link.position, hash: link.hash)
        contents.sequence += 1
        contents.auditEntries.append(StoredAuditEntry(entry: entry, sequence: contents.sequence, link: link))
    }

    /// `StoreImport`: appends the entries with their links and moves each chain's head to its last link.
    public func importAuditEntries(_ entries: [StoredAuditEntry]) async throws {
        contents.withLock { contents in
            for stored in entries {
                contents.sequence += 1
                contents.auditEntries.append(StoredAuditEntry(entry: stored.entry, sequence: contents.sequence, link: stored.link))
                contents.heads[stored.link.chain] = stored.link.head
            }
        }
    }

    /// `ConfigurationStore`: published versions newest first, older than `version` when given.
    public func policyVersions(of property: PropertyID, before version: Int?, limit: Int) async throws -> [PolicyVersion] {
        contents.withLock { contents in
            let versions = contents.policies.values.filter { $0.property == property && $0.version < (version ?? .max) }
            return Array(versions.sorted { $0.version > $1.version }.prefix(limit))
        }
    }

    /// `ConfigurationStore`: the property's audit entries newest first, older than sequence number `cursor` when given.
    public func auditEntries(of property: PropertyID, before cursor: Int64?, limit: Int) async throws -> [StoredAuditEntry] {
        contents.withLock { contents in
            Array(
                contents.auditEntries.reversed()
                    .filter { $0.entry.property == property && $0.sequence < (cursor ?? .max) }
                    .prefix(limit))
        }
    }

    /// `ChainReader`: audit entries sorted by chain and position, strictly after `cursor`.
    public func auditEntriesInChainOrder(after cursor: ChainCursor?, limit: Int) async throws -> [StoredAuditEntry] {
        contents.withLock { contents in
            let sorted = contents.auditEntries.sorted { ($0.link.chain, $0.link.position) < ($1.link.chain, $1.link.position) }
            return Array(
                sorted.filter { stored in
                    guard let cursor else { return true }
                    return (stored.link.chain, stored.link.position) > (cursor.chain, cursor.position)
                }.prefix(limit))
        }
    }

    /// `ConfigurationStore`: whether any stored event names the purpose, granted or denied.
    public func hasConsents(for purpose: PurposeKey, in property: PropertyID) async throws -> Bool {
        contents.withLock { contents in
            contents.events.contains { $0.event.property == property && $0.event.choices[purpose] != nil }
        }
    }

    /// `CheckpointStore`: keeps the first checkpoint stored for each chain and position.
    public func saveCheckpoints(_ checkpoints: [SignedCheckpoint]) async throws {
        contents.withLock { contents in
            for signed in checkpoints where contents.checkpoints[signed.checkpoint.chain]?[signed.checkpoint.position] == nil {
                contents.checkpoints[signed.checkpoint.chain, default: [:]][signed.checkpoint.position] = signed
            }
        }
    }

    /// `CheckpointStore`: the highest-position checkpoint of each of the property's chains, by chain.
    public func latestCheckpoints(of property: PropertyID) async throws -> [SignedCheckpoint] {
        contents.withLock { contents in
            var latest: [SignedCheckpoint] = []
            for (chain, byPosition) in contents.checkpoints where Checkpoint.property(ofChain: chain) == property {
                if let newest = byPosition.keys.max(), let signed = byPosition[newest] { latest.append(signed) }
            }
            return latest.sorted { $0.checkpoint.chain < $1.checkpoint.chain }
        }
    }
}
