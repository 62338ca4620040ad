import AccordCore
import Foundation
import Logging
import NIOCore
import PostgresNIO

// RequestStore: data-subject requests, each change one transaction with its audit entry and messages.
extension PostgresConsentStore {
    public func createRequest(_ change: RequestChange) async throws {
        let request = change.request
        let document = try StoredJSON.text(request)
        try await guarded {
            try await self.transaction { connection in
                let inserted = try await connection.query(
                    """
                    INSERT INTO privacy_requests (id, property_id, requester, type, status, law, assignee, sort_due, received_at,
                        version, document, paused)
                    VALUES (\(request.id), \(request.property.rawValue), \(ByteBuffer(bytes: request.requester.bytes)),
                        \(request.type.rawValue), \(request.status.rawValue), \(request.law), \(request.assignee), \(request.sortDue),
                        \(request.receivedAt.millisecondsSince1970), \(Int64(request.version)), \(document)::jsonb,
                        \(request.isPaused))
                    ON CONFLICT (id) DO NOTHING
                    RETURNING 1
                    """,
                    logger: self.logger
                ).collect()
                guard !inserted.isEmpty else { throw RequestStoreError.exists(request.id) }
                try await Self.record(change, on: connection, logger: self.logger)
            }
        }
    }

    public func updateRequest(_ change: RequestChange) async throws -> Bool {
        let request = change.request
        let document = try StoredJSON.text(request)
        return try await guarded {
            try await self.transaction { connection in
                let updated = try await connection.query(
                    """
                    UPDATE privacy_requests SET status = \(request.status.rawValue), law = \(request.law),
                        assignee = \(request.assignee), sort_due = \(request.sortDue), version = \(Int64(request.version)),
                        document = \(document)::jsonb, paused = \(request.isPaused)
                    WHERE id = \(request.id) AND property_id = \(request.property.rawValue) AND version = \(Int64(request.version - 1))
                    RETURNING 1
                    """,
                    logger: self.logger
                ).collect()
                guard !updated.isEmpty else { return false }
                try await Self.record(change, on: connection, logger: self.logger)
                return true
            }
        }
    }

    public func request(_ id: String, in property: PropertyID) async throws -> PrivacyRequest? {
        try await guarded {
            try await self.documents(
                "SELECT document::text FROM privacy_requests WHERE id = \(id) AND property_id = \(property.rawValue)"
            ).first
        }
    }

    public func requestTimeline(_ id: String, in property: PropertyID) async throws -> [StoredAuditEntry] {
        try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit_entries
                WHERE chain_id = \(RequestAudit.chain(of: property)) AND target = \(id) ORDER BY chain_position
                """,
                logger: self.logger
            ).collect().map(StoredAuditEntry.init(postgres:))
        }
    }

    public func requests(in property: PropertyID, filter: RequestFilter, after cursor: RequestCursor?, limit: Int) async throws
        -> [PrivacyRequest]
    {
        let status = filter.status?.rawValue
        let type = filter.type?.rawValue
        let due = filter.dueBefore?.millisecondsSince1970
        return try await guarded {
            try await self.documents(
                """
                SELECT document::text FROM privacy_requests
                WHERE property_id = \(property.rawValue) AND (sort_due, id) > (\(cursor?.due ?? Int64.min), \(cursor?.id ?? ""))
                  AND (\(status)::text IS NULL OR status = \(status)) AND (\(type)::text IS NULL OR type = \(type))
                  AND (\(filter.law)::text IS NULL OR law = \(filter.law))
                  AND (\(filter.assignee)::text IS NULL OR assignee = \(filter.assignee))
                  AND (\(due)::bigint IS NULL OR sort_due < \(due))
                  AND (\(filter.paused)::boolean IS NULL OR paused = \(filter.paused))
                ORDER BY sort_due, id LIMIT \(limit)
                """)
        }
    }

    public func openRequests(of requester: SubjectKey, type: RequestType, in property: PropertyID) async throws -> [PrivacyRequest] {
        try await guarded {
            try await self.documents(
                """
                SELECT document::text FROM privacy_requests
                WHERE property_id = \(property.rawValue) AND requester = \(ByteBuffer(bytes: requester.bytes))
                  AND type = \(type.rawValue) AND status IN ('verifying', 'verified', 'inProgress')
                ORDER BY received_at, id
                """)
        }
    }

    public func openRequests(after: String?, limit: Int) async throws -> [PrivacyRequest] {
        try await guarded {
            try await self.documents(
                """
                SELECT document::text FROM privacy_requests
                WHERE status IN ('verifying', 'verified', 'inProgress') AND id > \(after ?? "") ORDER BY id LIMIT \(limit)
                """)
        }
    }

    public func requestAuditEntries(in property: PropertyID, after position: Int64, limit: Int) async throws -> [StoredAuditEntry] {
        try await guarded {
            try await self.client.query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit_entries
                WHERE chain_id = \(RequestAudit.chain(of: property)) AND chain_position > \(position)
                ORDER BY chain_position LIMIT \(limit)
                """,
                logger: self.logger
            ).collect().map(StoredAuditEntry.init(postgres:))
        }
    }

    private func documents(_ query: PostgresQuery) async throws -> [PrivacyRequest] {
        try await client.query(query, logger: logger).collect().map {
            try StoredJSON.decode(PrivacyRequest.self, from: $0.decode(String.self), what: "privacy request")
        }
    }

    /// The audit entry in the request chain (its head locked until the transaction ends), the webhook message and
    /// the e-mails of a change.
    private static func record(_ change: RequestChange, on connection: PostgresConnection, logger: Logger) async throws {
        try await append(change.audit, chain: RequestAudit.chain(of: change.request.property), on: connection, logger: logger)
        var entries = change.mail
        let endpoints = try await PostgresWebhooks.queueing([change.request.property], on: connection, logger: logger)
        if let type = change.webhook,
            let entry = RequestMessages.entry(type, of: change.request, endpoints: endpoints, at: change.audit.recordedAt)
        {
            entries.append(entry)
        }
        if !entries.isEmpty { try await PostgresOutbox.insert(entries, on: connection, logger: logger) }
    }
}
