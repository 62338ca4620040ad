import Foundation
import Synchronization

/// A (property, pseudonym) pair, the identity of a tombstone.
struct ErasureKey: Hashable, Sendable {
    let property: PropertyID
    let subject: SubjectKey
}

extension InMemoryConsentStore {
    /// `SubjectErasures`: tombstones, state rows and links under the store's lock, then the vault entries (the
    /// vault has its own lock; nothing can read a half-erased subject's clear id, as the vault goes last).
    public func eraseSubjects(_ subjects: [SubjectKey], in property: PropertyID, at time: Date) async throws
        -> SubjectErasureCounts
    {
        let unique = Array(Set(subjects))
        var counts = contents.withLock { contents in
            var counts = SubjectErasureCounts()
            let known = Set(contents.erasures.map { ErasureKey(property: $0.property, subject: $0.subject) })
            for subject in unique where !known.contains(ErasureKey(property: property, subject: subject)) {
                contents.erasures.append(
                    ErasedSubject(
                        property: property, subject: subject, erasedAt: time.truncatedToMilliseconds,
                        sequence: Int64(contents.erasures.count + 1)))
                counts.subjects += 1
            }
            for subject in unique {
                counts.stateRows += contents.states[property]?.removeValue(forKey: subject)?.purposes.count ?? 0
            }
            let erased = Set(unique)
            let before = contents.links[property]?.count ?? 0
            contents.links[property] = contents.links[property]?.filter {
                !erased.contains($0.key) && !erased.contains($0.value.subject)
            }
            counts.links = before - (contents.links[property]?.count ?? 0)
            return counts
        }
        for subject in unique where try await vault.shredVaultEntry(of: subject, in: property) {
            counts.vaultEntries += 1
        }
        return counts
    }

    /// `ErasureScreen` against the tombstones held, under the store's lock (the in-memory transaction).
    static func screenErased(_ batch: AppendBatch, in contents: Contents) -> ErasureScreen {
        guard !contents.erasures.isEmpty else { return ErasureScreen(batch, erased: []) }
        let subjects = Set(ErasureScreen.subjects(of: batch))
        return ErasureScreen(
            batch, erased: Set(contents.erasures.lazy.map { SubjectRef(property: $0.property, subject: $0.subject) }.filter(subjects.contains)))
    }

    /// `SubjectErasures`: the tombstones after `cursor`, in erasure order.
    public func erasedSubjects(after cursor: Int64?, limit: Int) async throws -> [ErasedSubject] {
        contents.withLock { contents in
            Array(contents.erasures.lazy.filter { $0.sequence > (cursor ?? 0) }.prefix(limit))
        }
    }
}
