import AccordCore
import Foundation
import GRDB

/// Moving data in from another database: rows are stored with the ids, times, links and hashes they had.
extension SQLiteConsentStore {
    public func importEvents(_ events: [StoredEvent]) async throws {
        guard !events.isEmpty else { return }
        let subjects = AppendPlanner.lookups(for: events.map(\.event)).subjects
        try await guarded {
            try await pool.write { db in
                let plan = AppendPlanner.importing(events, states: try subjects.flatMap { try Self.stateRows(of: $0, db: db) })
                _ = try Self.write(plan, db: db)
            }
        }
    }

    public func importAuditEntries(_ entries: [StoredAuditEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await guarded {
            try await pool.write { db in
                for stored in entries { try Self.insert(stored.entry, link: stored.link, db: db) }
            }
        }
    }
}
