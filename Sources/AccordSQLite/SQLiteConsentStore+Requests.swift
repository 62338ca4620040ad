import AccordCore
import Foundation
import GRDB

// RequestStore: data-subject requests, each change one transaction with its audit entry and messages.
extension SQLiteConsentStore {
    public func createRequest(_ change: RequestChange) async throws {
        let document = try StoredJSON.text(change.request)
        try await guarded {
            try await pool.write { db in
                let exists =
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM privacy_requests WHERE id = ?)", arguments: [change.request.id]) ?? false
                guard !exists else { throw RequestStoreError.exists(change.request.id) }
                try Self.insertRequest(change.request, document: document, db: db)
                try Self.record(change, db: db)
            }
        }
    }

    public func updateRequest(_ change: RequestChange) async throws -> Bool {
        let document = try StoredJSON.text(change.request)
        let request = change.request
        return try await guarded {
            try await pool.write { db in
                try db.execute(
                    sql: """
                        UPDATE privacy_requests SET status = ?, law = ?, assignee = ?, sort_due = ?, version = ?, document = ?, paused = ?
                        WHERE id = ? AND property_id = ? AND version = ?
                        """,
                    arguments: [
                        request.status.rawValue, request.law, request.assignee, request.sortDue, request.version, document,
                        request.isPaused, request.id, request.property.rawValue, request.version - 1,
                    ])
                guard db.changesCount == 1 else { return false }
                try Self.record(change, db: db)
                return true
            }
        }
    }

    public func request(_ id: String, in property: PropertyID) async throws -> PrivacyRequest? {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchOne(
                    db, sql: "SELECT document FROM privacy_requests WHERE id = ? AND property_id = ?",
                    arguments: [id, property.rawValue])
            }.map { try StoredJSON.decode(PrivacyRequest.self, from: $0, what: "privacy request") }
        }
    }

    public func requestTimeline(_ id: String, in property: PropertyID) async throws -> [StoredAuditEntry] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM audit_entries WHERE chain_id = ? AND target = ? ORDER BY chain_position",
                    arguments: [RequestAudit.chain(of: property), id]
                ).map(StoredAuditEntry.init(row:))
            }
        }
    }

    public func requests(in property: PropertyID, filter: RequestFilter, after cursor: RequestCursor?, limit: Int) async throws
        -> [PrivacyRequest]
    {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT document FROM privacy_requests
                        WHERE property_id = ? AND (sort_due, id) > (?, ?)
                          AND (? IS NULL OR status = ?) AND (? IS NULL OR type = ?) AND (? IS NULL OR law = ?)
                          AND (? IS NULL OR assignee = ?) AND (? IS NULL OR sort_due < ?) AND (? IS NULL OR paused = ?)
                        ORDER BY sort_due, id LIMIT ?
                        """,
                    arguments: [
                        property.rawValue, cursor?.due ?? Int64.min, cursor?.id ?? "",
                        filter.status?.rawValue, filter.status?.rawValue, filter.type?.rawValue, filter.type?.rawValue,
                        filter.law, filter.law, filter.assignee, filter.assignee,
                        filter.dueBefore?.millisecondsSince1970, filter.dueBefore?.millisecondsSince1970, filter.paused, filter.paused,
                        limit,
                    ])
            }.map { try StoredJSON.decode(PrivacyRequest.self, from: $0, what: "privacy request") }
        }
    }

    public func openRequests(of requester: SubjectKey, type: RequestType, in property: PropertyID) async throws -> [PrivacyRequest] {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT document FROM privacy_requests
                        WHERE property_id = ? AND requester = ? AND type = ? AND status IN ('verifying', 'verified', 'inProgress')
                        ORDER BY received_at, id
                        """,
                    arguments: [property.rawValue, Data(requester.bytes), type.rawValue])
            }.map { try StoredJSON.decode(PrivacyRequest.self, from: $0, what: "privacy request") }
        }
    }

    public func openRequests(after: String?, limit: Int) async throws -> [PrivacyRequest] {
        try await guarded {
            try pool.unsafeRead { db in
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT document FROM privacy_requests
                        WHERE status IN ('verifying', 'verified', 'inProgress') AND id > ? ORDER BY id LIMIT ?
                        """,
                    arguments: [after ?? "", limit])
            }.map { try StoredJSON.decode(PrivacyRequest.self, from: $0, what: "privacy request") }
        }
    }

    public func requestAuditEntries(in property: PropertyID, after position: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM audit_entries WHERE chain_id = ? AND chain_position > ? ORDER BY chain_position LIMIT ?",
                    arguments: [RequestAudit.chain(of: property), position, limit]
                ).map(StoredAuditEntry.init(row:))
            }
        }
    }

    private static func insertRequest(_ request: PrivacyRequest, document: String, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO privacy_requests (id, property_id, requester, type, status, law, assignee, sort_due, received_at,
                    version, document, paused)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                request.id, request.property.rawValue, Data(request.requester.bytes), request.type.rawValue,
                request.status.rawValue, request.law, request.assignee, request.sortDue,
                request.receivedAt.millisecondsSince1970, request.version, document, request.isPaused,
            ])
    }

    /// The audit entry in the request chain, the webhook message and the e-mails of a change.
    private static func record(_ change: RequestChange, db: Database) throws {
        let chain = RequestAudit.chain(of: change.request.property)
        let head =
            try Row.fetchOne(db, sql: "SELECT * FROM chain_heads WHERE chain_id = ?", arguments: [chain]).map(ChainHead.init(row:))
            ?? .genesis(of: chain)
        try insert(change.audit, link: AuditChain.link(change.audit, after: head), db: db)
        var entries = change.mail
        if let type = change.webhook,
            let entry = RequestMessages.entry(
                type, of: change.request, endpoints: try SQLiteWebhooks.queueing([change.request.property], db: db),
                at: change.audit.recordedAt)
        {
            entries.append(entry)
        }
        if !entries.isEmpty { try SQLiteOutbox.insert(entries, db: db) }
    }
}
