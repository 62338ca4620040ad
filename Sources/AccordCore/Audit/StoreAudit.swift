/// A full audit of a store: every chain recomputed, and the current-state view compared with a replay of
/// the events, so hand edits to either table are found.
public enum StoreAudit {
    /// What an audit found; `isClean` says whether the store holds up.
    public struct Report: Sendable {
        /// Consent events checked.
        public var eventCount: Int
        /// Configuration audit entries checked (zero for stores without configuration history).
        public var auditEntryCount: Int
        /// The first chain failure over events and audit entries; nil when every chain verifies.
        public var chainFailure: AuditVerifier.Failure?
        /// State rows that differ from what the events say (missing, extra or changed).
        public var stateMismatches: Int
        /// Subjects erased by a deletion (`SubjectErasures`): their events were verified in their chains but are
        /// not folded into the expected state, which holds nothing for them. Not a fault.
        public var erasedSubjects: Int = 0

        /// Whether every chain verifies and the state view matches the events.
        public var isClean: Bool { chainFailure == nil && stateMismatches == 0 }

        /// A report as a run makes it; for pages and tests that show one.
        public init(eventCount: Int, auditEntryCount: Int, chainFailure: AuditVerifier.Failure?, stateMismatches: Int) {
            self.eventCount = eventCount
            self.auditEntryCount = auditEntryCount
            self.chainFailure = chainFailure
            self.stateMismatches = stateMismatches
        }
    }

    /// Reads events and audit entries in chain order, `pageSize` records a page; the replayed and stored state views
    /// are compared whole, so memory grows with the number of state rows. A store that erases subjects
    /// (`SubjectErasures`) has its tombstones read first: an erased subject's events must still verify, and its
    /// state must be empty.
    public static func run(_ store: any ChainReader, pageSize: Int = 2_000) async throws -> Report {
        let erased = try await erasedKeys(of: store)
        var verifier = AuditVerifier()
        var replayed: [StateRow] = []
        var cursor: ChainCursor?
        var subjectStates: [String: ConsentState] = [:]
        while true {
            let page = try await store.eventsInChainOrder(after: cursor, limit: pageSize)
            for stored in page {
                verifier.consume(stored)
                // A subject's events all live in one chain, in commit order, so the fold per subject is exact.
                let key = stored.event.property.rawValue + "\u{0}" + stored.event.subject.hex
                subjectStates[key, default: ConsentState()].apply(stored.event)
            }
            guard let last = page.last else { break }
            cursor = ChainCursor(chain: last.link.chain, position: last.link.position)
        }
        for (key, state) in subjectStates {
            let parts = key.split(separator: "\u{0}", maxSplits: 1)
            guard let subject = SubjectKey(hex: String(parts[1])) else { continue }
            if erased.contains(key) { continue }
            for (purpose, state) in state.purposes {
                replayed.append(StateRow(property: PropertyID(rawValue: String(parts[0])), subject: subject, purpose: purpose, state: state))
            }
        }
        let eventCount = verifier.recordCount
        var auditCursor: ChainCursor?
        while true {
            let page = try await store.auditEntriesInChainOrder(after: auditCursor, limit: pageSize)
            page.forEach { verifier.consume($0) }
            guard let last = page.last else { break }
            auditCursor = ChainCursor(chain: last.link.chain, position: last.link.position)
        }
        let failure = verifier.finish(heads: try await store.chainHeads())
        let stored = try await store.allStates()
        let mismatches = Set(stored).symmetricDifference(Set(replayed)).count
        var report = Report(
            eventCount: eventCount, auditEntryCount: verifier.recordCount - eventCount, chainFailure: failure,
            stateMismatches: mismatches)
        report.erasedSubjects = erased.count
        return report
    }

    /// The erased subjects as `property NUL hex key`, the replay's own keys; none for a store without tombstones.
    private static func erasedKeys(of store: any ChainReader) async throws -> Set<String> {
        guard let erasures = store as? any SubjectErasures else { return [] }
        var keys = Set<String>()
        var cursor: Int64?
        while true {
            let page = try await erasures.erasedSubjects(after: cursor, limit: 1_000)
            for tombstone in page { keys.insert(tombstone.property.rawValue + "\u{0}" + tombstone.subject.hex) }
            guard page.count == 1_000, let last = page.last else { return keys }
            cursor = last.sequence
        }
    }
}
