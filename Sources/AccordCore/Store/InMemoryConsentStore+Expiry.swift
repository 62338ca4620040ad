import Foundation

extension InMemoryConsentStore {
    /// `ExpiryQueue`: every state row filtered and sorted; the durable stores read an index instead.
    public func expiryCandidates(notice: EventKind?, dueBy horizon: Date, after cursor: ExpiryCursor?, limit: Int)
        async throws
        -> [ExpiryCandidate]
    {
        let states = try await allStates()
        func order(_ row: StateRow) -> (Date, String, String, String) {
            (row.state.expiresAt ?? .distantPast, row.property.rawValue, row.subject.hex, row.purpose.rawValue)
        }
        let after = cursor.map { ($0.expiresAt, $0.property.rawValue, $0.subject.hex, $0.purpose.rawValue) }
        let due =
            states
            .filter { row in
                guard row.state.choice == .granted, let expiresAt = row.state.expiresAt, expiresAt <= horizon,
                    row.state.notice == notice, notice != .expired
                else { return false }
                return after.map { order(row) > $0 } ?? true
            }
            .sorted { order($0) < order($1) }
            .prefix(limit)
        let events = self.events(withIDs: Set(due.map(\.state.eventID)))
        return due.compactMap { row in
            guard let event = events[row.state.eventID] else { return nil }
            return ExpiryCandidate(row: row, regime: event.regime, region: event.region, policyHash: event.policyHash)
        }
    }
}
