import Foundation
import Synchronization

// RequestStore: data-subject requests, their audit chain and their messages, under the one lock.
extension InMemoryConsentStore {
    public func createRequest(_ change: RequestChange) async throws {
        try contents.withLock { contents in
            guard contents.requests[change.request.id] == nil else { throw RequestStoreError.exists(change.request.id) }
            Self.apply(change, to: &contents)
        }
    }

    public func updateRequest(_ change: RequestChange) async throws -> Bool {
        contents.withLock { contents in
            guard let stored = contents.requests[change.request.id], stored.property == change.request.property,
                stored.version == change.request.version - 1
            else { return false }
            Self.apply(change, to: &contents)
            return true
        }
    }

    public func request(_ id: String, in property: PropertyID) async throws -> PrivacyRequest? {
        contents.withLock { contents in contents.requests[id].flatMap { $0.property == property ? $0 : nil } }
    }

    public func requestTimeline(_ id: String, in property: PropertyID) async throws -> [StoredAuditEntry] {
        let chain = RequestAudit.chain(of: property)
        return contents.withLock { contents in
            contents.auditEntries.filter { $0.link.chain == chain && $0.entry.target == id }
        }
    }

    public func requests(in property: PropertyID, filter: RequestFilter, after cursor: RequestCursor?, limit: Int) async throws
        -> [PrivacyRequest]
    {
        contents.withLock { contents in
            contents.requests.values.filter { $0.property == property && filter.matches($0) }
                .filter { request in cursor.map { (request.sortDue, request.id) > ($0.due, $0.id) } ?? true }
                .sorted { ($0.sortDue, $0.id) < ($1.sortDue, $1.id) }
                .prefix(limit).map { $0 }
        }
    }

    public func openRequests(of requester: SubjectKey, type: RequestType, in property: PropertyID) async throws -> [PrivacyRequest] {
        contents.withLock { contents in
            contents.requests.values.filter {
                $0.property == property && $0.requester == requester && $0.type == type && $0.status.isOpen
            }.sorted { ($0.receivedAt, $0.id) < ($1.receivedAt, $1.id) }
        }
    }

    public func openRequests(after: String?, limit: Int) async throws -> [PrivacyRequest] {
        contents.withLock { contents in
            contents.requests.values.filter { request in request.status.isOpen && (after.map { request.id > $0 } ?? true) }
                .sorted { $0.id < $1.id }.prefix(limit).map { $0 }
        }
    }

    public func requestAuditEntries(in property: PropertyID, after position: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        let chain = RequestAudit.chain(of: property)
        return contents.withLock { contents in
            contents.auditEntries.filter { $0.link.chain == chain && $0.link.position > position }.prefix(limit).map { $0 }
        }
    }

    private static func apply(_ change: RequestChange, to contents: inout Contents) {
        contents.requests[change.request.id] = change.request
        let chain = RequestAudit.chain(of: change.request.property)
        let link = AuditChain.link(change.audit, after: contents.heads[chain] ?? .genesis(of: chain))
        contents.heads[chain] = ChainHead(chain: chain, position: link.position, hash: link.hash)
        contents.sequence += 1
        contents.auditEntries.append(StoredAuditEntry(entry: change.audit, sequence: contents.sequence, link: link))
        var entries = change.mail
        if let type = change.webhook,
            let entry = RequestMessages.entry(type, of: change.request, endpoints: Array(contents.endpoints.values), at: change.audit.recordedAt)
        {
            entries.append(entry)
        }
        if !entries.isEmpty { contents.outbox.enqueue(entries) }
    }
}
