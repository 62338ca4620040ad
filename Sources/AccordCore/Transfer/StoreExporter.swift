import Foundation

/// Writes a whole store as export lines (see `TransferRecord`), paging through it so memory stays flat
/// however many events there are.
public struct StoreExporter: Sendable {
    /// The store read from; the exporter never writes to it.
    public let store: any ChainReader & ConfigurationStore & KeyStore & WebhookEndpointStore & StateTransfer & SubjectErasures
    /// Whether to include the server secrets (subject pseudonym key, receipt signing key, vault key ...) and what
    /// is of use only with them: webhook endpoints, undelivered outbox deliveries and the subject vault.
    public var includeSecrets: Bool
    /// Records read per store call while paging through audit entries, events and policy versions.
    public var pageSize: Int

    /// An exporter of `store`; secrets only when `includeSecrets`: whoever holds them can pseudonymise and sign.
    public init(
        store: any ChainReader & ConfigurationStore & KeyStore & WebhookEndpointStore & StateTransfer & SubjectErasures,
        includeSecrets: Bool, pageSize: Int = 1_000
    ) {
        self.store = store
        self.includeSecrets = includeSecrets
        self.pageSize = pageSize
    }

    /// Writes every record, one line per call of `write` (without the newline).
    public func run(at time: Date, write: (String) throws -> Void) async throws -> TransferSummary {
        var summary = TransferSummary()
        func emit(_ record: TransferRecord) throws { try write(try record.jsonLine()) }
        try emit(.header(format: TransferRecord.format, exportedAt: time))
        let properties = try await store.properties().sorted { $0.id.rawValue < $1.id.rawValue }
        for property in properties {
            try emit(.property(property))
            summary.properties += 1
        }
        for property in properties {
            for version in try await policyVersions(of: property.id) {
                try emit(.policyVersion(version))
                summary.policyVersions += 1
            }
        }
        var auditCursor: ChainCursor?
        while true {
            let page = try await store.auditEntriesInChainOrder(after: auditCursor, limit: pageSize)
            guard let last = page.last else { break }
            for stored in page { try emit(.auditEntry(stored)) }
            summary.auditEntries += page.count
            auditCursor = ChainCursor(chain: last.link.chain, position: last.link.position)
        }
        var eventCursor: ChainCursor?
        while true {
            let page = try await store.eventsInChainOrder(after: eventCursor, limit: pageSize)
            guard let last = page.last else { break }
            for stored in page { try emit(.event(stored)) }
            summary.events += page.count
            eventCursor = ChainCursor(chain: last.link.chain, position: last.link.position)
        }
        for head in try await store.chainHeads().filter({ $0.position > 0 }).sorted(by: { $0.chain < $1.chain }) {
            try emit(.chainHead(head))
        }
        // After the audit trail, so an import can check each list against the `gvl.update` entry that saved it.
        for property in properties {
            guard let list = try await store.gvl(of: property.id) else { continue }
            try emit(.vendorList(property: property.id, list: list))
            summary.vendorLists += 1
        }
        for key in try await store.apiKeys() {
            try emit(.apiKey(key))
            summary.apiKeys += 1
        }
        var erasureCursor: Int64?
        while true {
            let page = try await store.erasedSubjects(after: erasureCursor, limit: pageSize)
            guard let last = page.last else { break }
            for tombstone in page { try emit(.erasedSubject(tombstone)) }
            summary.erasedSubjects += page.count
            erasureCursor = last.sequence
        }
        guard includeSecrets else { return summary }
        let endpoints = try await store.webhookEndpoints(withStatus: WebhookEndpointStatus.allCases)
        for endpoint in endpoints.sorted(by: { ($0.property.rawValue, $0.id) < ($1.property.rawValue, $1.id) }) {
            try emit(.webhookEndpoint(endpoint))
            summary.webhookEndpoints += 1
        }
        // After the endpoints they go to, in message order, so the target's lines keep the source's order.
        var deliveryCursor: OutboxCursor?
        while true {
            let page = try await store.undeliveredDeliveries(after: deliveryCursor, limit: pageSize)
            guard let last = page.last else { break }
            for delivery in page { try emit(.outboxDelivery(delivery)) }
            summary.outboxDeliveries += page.count
            deliveryCursor = OutboxCursor(after: last)
        }
        var vaultCursor: VaultCursor?
        while true {
            let page = try await store.vaultEntries(after: vaultCursor, limit: pageSize)
            guard let last = page.last else { break }
            for entry in page { try emit(.vaultEntry(entry)) }
            summary.vaultEntries += page.count
            vaultCursor = VaultCursor(after: last)
        }
        let identitySecrets = properties.map { TransferRecord.identitySecretPrefix + $0.id.rawValue }
        for name in TransferRecord.secretNames + identitySecrets {
            guard let value = try await store.existingSecret(named: name) else { continue }
            try emit(.secret(name: name, value: value))
            summary.secrets += 1
        }
        return summary
    }

    /// A property's published versions, oldest first (a property has few).
    private func policyVersions(of property: PropertyID) async throws -> [PolicyVersion] {
        var versions: [PolicyVersion] = []
        while true {
            let page = try await store.policyVersions(of: property, before: versions.last?.version, limit: pageSize)
            guard !page.isEmpty else { break }
            versions += page
        }
        return versions.reversed()
    }
}
