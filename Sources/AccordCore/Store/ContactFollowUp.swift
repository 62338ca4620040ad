import Foundation

/// A subject's contact points given with a write (`"contact"` in a consent write), stored in the vault in the
/// write's own transaction, exactly when its event is recorded anew: before the transaction commits nothing
/// can see the address, and the e-mails the event causes (`FollowUp`, written in that transaction) can never be
/// claimed before the address they go to is stored (or confirmed). A rolled-back batch leaves neither.
///
/// The contact is sealed under the data key `keyID`; the store writes it only while the subject's vault entry
/// still has that key (as `SubjectVault.replaceVaultContact` does). When it has not (the subject was shredded,
/// or another write made its entry first), the store writes neither the contact nor the event's follow-ups, and
/// the caller stores the contact again under the entry's real key (`SubjectDirectory.holds(_:)`).
public struct ContactFollowUp: Hashable, Sendable {
    /// The event whose recording stores the contact.
    public var event: EventID
    /// The subject's property.
    public var property: PropertyID
    /// The subject's keyed hash.
    public var subject: SubjectKey
    /// The data key the contact is sealed under.
    public var keyID: [UInt8]
    /// The contact points (`SubjectContact` as JSON), sealed by that data key.
    public var contact: [UInt8]
    /// When it changed.
    public var updatedAt: Date

    /// A contact write for `event`.
    public init(event: EventID, property: PropertyID, subject: SubjectKey, keyID: [UInt8], contact: [UInt8], updatedAt: Date) {
        self.event = event
        self.property = property
        self.subject = subject
        self.keyID = keyID
        self.contact = contact
        self.updatedAt = updatedAt
    }
}

extension AppendBatch {
    /// The contact writes of the events `results` answer as newly recorded, in batch order.
    public func contactWrites(results: [AppendResult]) -> [ContactFollowUp] {
        guard !contacts.isEmpty else { return [] }
        let recorded = Self.recorded(results)
        return contacts.filter { recorded.contains($0.event) }
    }

    /// The ids of the events `results` answer as newly recorded.
    static func recorded(_ results: [AppendResult]) -> Set<EventID> {
        var recorded = Set<EventID>()
        for result in results {
            if case .recorded(let stored, _) = result { recorded.insert(stored.event.id) }
        }
        return recorded
    }
}
