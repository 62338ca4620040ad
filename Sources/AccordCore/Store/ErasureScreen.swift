/// Keeps a batch off erased pseudonyms, decided in the batch's own transaction (issue 13 §6).
///
/// The pseudonymiser steps past erased keys from its in-memory `ErasedSubjectSet`, which learns of another
/// instance's erasure only at its next refresh (about 5 s). A write arriving there meanwhile would be given the
/// erased key; the store stops it here instead: it reads the tombstones of the batch's subjects (`subjects`) first
/// in the append transaction, in a way that orders it with any erasure (PostgreSQL: a row-share lock on
/// `erased_subjects`, which the erasure's exclusive lock excludes; SQLite and memory: their single writer), and
/// appends only the rest. An event left out answers `AppendResult.subjectErased`, and the recorder writes it again
/// under the identifier's next generation key. A vault entry for an erased key is dropped: no clear id is ever
/// kept under a pseudonym that was erased.
public struct ErasureScreen: Sendable {
    /// What is left to append: the batch without the events and vault entries of erased subjects.
    public let batch: AppendBatch
    /// For each event of the original batch, its index in `batch.events`, or nil when it was left out.
    private let positions: [Int?]

    /// Every pseudonym `batch` would write (each event's subject and linked visitor, each vault entry's subject),
    /// sorted and unique: the tombstones a store reads before appending it.
    public static func subjects(of batch: AppendBatch) -> [SubjectRef] {
        var subjects = Set<SubjectRef>()
        for event in batch.events {
            subjects.insert(SubjectRef(property: event.property, subject: event.subject))
            if let visitor = event.linkedSubject { subjects.insert(SubjectRef(property: event.property, subject: visitor)) }
        }
        for entry in batch.vaultEntries { subjects.insert(SubjectRef(property: entry.property, subject: entry.subject)) }
        return subjects.sorted()
    }

    /// `batch` screened against `erased`, the tombstones found among its `subjects`.
    public init(_ batch: AppendBatch, erased: Set<SubjectRef>) {
        guard !erased.isEmpty else {
            self.batch = batch
            self.positions = batch.events.indices.map { $0 }
            return
        }
        func isErased(_ event: ConsentEvent) -> Bool {
            if erased.contains(SubjectRef(property: event.property, subject: event.subject)) { return true }
            guard let visitor = event.linkedSubject else { return false }
            return erased.contains(SubjectRef(property: event.property, subject: visitor))
        }
        var kept = AppendBatch(events: [], vaultEntries: [], followUps: batch.followUps)
        var positions: [Int?] = []
        for event in batch.events {
            if isErased(event) {
                positions.append(nil)
            } else {
                positions.append(kept.events.count)
                kept.events.append(event)
            }
        }
        kept.vaultEntries = batch.vaultEntries.filter { !erased.contains(SubjectRef(property: $0.property, subject: $0.subject)) }
        self.batch = kept
        self.positions = positions
    }

    /// The answers for the original batch, in its order, from the answers for `batch`.
    public func results(_ kept: [AppendResult]) -> [AppendResult] {
        positions.map { position in position.map { kept[$0] } ?? .subjectErased }
    }
}
