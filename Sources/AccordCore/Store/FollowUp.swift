import Synchronization

/// A message that an event causes only if it is recorded: written in the event's own transaction when the batch
/// records the event anew, and not at all when the batch answers it as a replay, a stale notice or a conflict
/// (or rolls back). Used for the e-mails a consent change or an expiry notice sends to the person.
public struct FollowUp: Hashable, Sendable {
    /// The event whose recording causes the message.
    public var event: EventID
    /// The message and its destinations.
    public var entry: OutboxEntry

    /// A follow-up of `event`.
    public init(event: EventID, entry: OutboxEntry) {
        self.event = event
        self.entry = entry
    }
}

extension AppendBatch {
    /// The follow-ups of the events `results` answer as newly recorded, in batch order: what the store writes
    /// with the batch, in its transaction. `missedContacts`: events whose contact write (`ContactFollowUp`) found
    /// the subject's data key changed; their follow-ups are not written either (they would go to no stored address).
    public func followUpEntries(results: [AppendResult], missedContacts: Set<EventID> = []) -> [OutboxEntry] {
        guard !followUps.isEmpty else { return [] }
        let recorded = Self.recorded(results).subtracting(missedContacts)
        return followUps.filter { recorded.contains($0.event) }.map(\.entry)
    }
}

extension VaultedConsentLog {
    /// Appends one batch, with its vault entries and follow-ups, in one transaction.
    public func appendBatch(_ batch: AppendBatch) async throws -> [AppendResult] {
        let pending = Mutex<AppendBatch?>(batch)
        let answer = Mutex<Result<[AppendResult], any Error>?>(nil)
        try await appendVaultedBatches(
            next: {
                pending.withLock { taken in
                    defer { taken = nil }; return taken
                }
            },
            deliver: { result in answer.withLock { $0 = result } })
        guard let result = answer.withLock({ $0 }) else { return [] }
        return try result.get()
    }
}
