import Foundation
import Synchronization

/// The erased pseudonyms, in memory, so the pseudonymiser can step past them without a round trip: a person who
/// comes back after their data was erased gets a new key (`SubjectPseudonymizer`), not their old history.
///
/// Loaded whole at start (tombstones are few: one per erased subject), added to at once by this instance's own
/// erasures, and brought up to date from the store when a look-up finds it older than `interval` (in the
/// background: a look-up never waits for the store). Another instance's erasure is so seen within about `interval`.
public final class ErasedSubjectSet: Sendable {
    private struct Contents: Sendable {
        var keys: Set<ErasureKey> = []
        var cursor: Int64?
        var refreshing = false
    }

    private let contents = Mutex(Contents())
    /// How many keys are held: a look-up in an empty set (every deployment without an erasure) takes no lock.
    private let count = Atomic<Int>(0)
    /// When the set was last brought up to date, in milliseconds of `now`.
    private let refreshedAt = Atomic<Int64>(0)
    private let source: (any SubjectErasures)?
    private let intervalMilliseconds: Int64
    private let now: @Sendable () -> Date

    /// A set kept up to date from `source` every `interval` (nil: only what `insert` adds, for tests and tools).
    public init(source: (any SubjectErasures)?, interval: Duration = .seconds(5), now: @escaping @Sendable () -> Date = { Date() }) {
        self.source = source
        self.intervalMilliseconds = interval.components.seconds * 1_000 + interval.components.attoseconds / 1_000_000_000_000_000
        self.now = now
    }

    /// A set with every tombstone `source` holds, read now.
    public static func load(from source: any SubjectErasures, interval: Duration = .seconds(5)) async throws -> ErasedSubjectSet {
        let set = ErasedSubjectSet(source: source, interval: interval)
        try await set.refresh()
        return set
    }

    /// Whether `subject` of `property` was erased (as far as this instance knows); starts a refresh in the
    /// background when the set is older than `interval`.
    public func contains(_ subject: SubjectKey, in property: PropertyID) -> Bool {
        refreshIfStale()
        guard count.load(ordering: .acquiring) > 0 else { return false }
        return contents.withLock { $0.keys.contains(ErasureKey(property: property, subject: subject)) }
    }

    /// Whether no pseudonym is known to be erased (as far as this instance knows); starts a refresh in the
    /// background when the set is older than `interval`, as `contains` does. A batch asks this once instead of
    /// asking `contains` per subject.
    public var isEmpty: Bool {
        refreshIfStale()
        return count.load(ordering: .acquiring) == 0
    }

    /// Adds pseudonyms this instance has just erased (their tombstones are committed).
    public func insert(_ subjects: [SubjectKey], in property: PropertyID) {
        contents.withLock { contents in
            for subject in subjects { contents.keys.insert(ErasureKey(property: property, subject: subject)) }
            count.store(contents.keys.count, ordering: .releasing)
        }
    }

    /// Reads the tombstones written since the last refresh.
    public func refresh() async throws {
        guard let source else { return }
        var cursor = contents.withLock { $0.cursor }
        while true {
            let page = try await source.erasedSubjects(after: cursor, limit: 1_000)
            contents.withLock { contents in
                for tombstone in page {
                    contents.keys.insert(ErasureKey(property: tombstone.property, subject: tombstone.subject))
                }
                if let last = page.last { contents.cursor = max(contents.cursor ?? 0, last.sequence) }
                count.store(contents.keys.count, ordering: .releasing)
            }
            guard page.count == 1_000, let last = page.last else { break }
            cursor = last.sequence
        }
        refreshedAt.store(now().millisecondsSince1970, ordering: .releasing)
    }

    private func refreshIfStale() {
        guard source != nil else { return }
        let age = now().millisecondsSince1970 - refreshedAt.load(ordering: .acquiring)
        guard age >= intervalMilliseconds else { return }
        let start = contents.withLock { contents in
            guard !contents.refreshing else { return false }
            contents.refreshing = true
            return true
        }
        guard start else { return }
        Task {
            // A failed refresh is tried again an interval later; the set stays as it was meanwhile.
            try? await refresh()
            refreshedAt.store(now().millisecondsSince1970, ordering: .releasing)
            contents.withLock { $0.refreshing = false }
        }
    }
}
