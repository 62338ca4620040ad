import Foundation

/// Links a browser's visitor id to a known subject of the same property: merges the browser's choices into the
/// subject's (`SubjectMerge`) and appends the result as `linked` events in the subject's chain, naming the
/// visitor's pseudonym, which also write the link (`AppendPlan.links`) in their transaction. From then on the
/// visitor's choices are recorded, and its state read, as the subject's (`ConsentRecorder.resolvedKey`).
public struct SubjectLinker: Sendable {
    /// What linking did.
    public struct Outcome: Sendable {
        /// The `linked` events appended (none when the browser was already linked and brought nothing new).
        public var events: [StoredEvent]
        /// The subject's state afterwards.
        public var state: ConsentState
    }

    /// Why a link was refused.
    public enum Failure: Error, Hashable, Sendable {
        /// The visitor is not an id the SDK makes (`av_` and 32 hex digits).
        case visitorInvalid
        /// The subject is itself a visitor id: only a known subject can be linked to.
        case subjectIsVisitor

        /// One line for the API's error body.
        public var message: String {
            switch self {
            case .visitorInvalid: "visitor must be an id made by the banner SDK (av_ and 32 hex digits)"
            case .subjectIsVisitor: "a browser can only be linked to a known subject, not to another visitor id"
            }
        }
    }

    private let store: any ConsentLog & ConfigurationStore & SubjectLinks
    private let pseudonymizer: SubjectPseudonymizer
    /// The most events of either side read to merge: a browser's history is short, a subject's latest choices
    /// are among its newest events.
    static let historyLimit = 1_000

    /// A linker appending to `store`, pseudonymising with the server's key.
    public init(store: any ConsentLog & ConfigurationStore & SubjectLinks, pseudonymizer: SubjectPseudonymizer) {
        self.store = store
        self.pseudonymizer = pseudonymizer
    }

    /// Links `visitor` to `subject` (clear identifiers, pseudonymised here) at `now`.
    public func link(
        visitor: String, to subject: String, in property: Property, authentication: ConsentAuthentication, at now: Date
    ) async throws -> Outcome {
        try await link(visitor: visitor, to: subject, in: property, authentication: authentication, at: now, again: true)
    }

    private func link(
        visitor: String, to subject: String, in property: Property, authentication: ConsentAuthentication, at now: Date,
        again: Bool
    ) async throws -> Outcome {
        guard KeylessPolicy.isVisitorID(visitor) else { throw Failure.visitorInvalid }
        guard !KeylessPolicy.isVisitorID(subject) else { throw Failure.subjectIsVisitor }
        let visitorKey = pseudonymizer.key(for: visitor, in: property.id)
        let subjectKey = pseudonymizer.key(for: subject, in: property.id)
        let already = try await store.linkedSubject(of: visitorKey, in: property.id) == subjectKey
        let visitorEvents = try await history(of: visitorKey, in: property.id)
        let subjectEvents = try await history(of: subjectKey, in: property.id)
        let changes = SubjectMerge.merge(
            subject: SubjectMerge.latest(of: subjectEvents, in: property),
            devices: [SubjectMerge.latest(of: visitorEvents, in: property)])
        let state = ConsentState(folding: subjectEvents)
        if already && changes.isEmpty { return Outcome(events: [], state: state) }
        var events: [ConsentEvent] = []
        // One event per regime: an event records one regime, and choices of different regimes stay apart.
        let groups = Dictionary(grouping: changes, by: \.value.regime)
        for regime in groups.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let group = groups[regime]!
            let version = group.map(\.value.policyVersion).max()!
            events.append(
                try await event(
                    subjectKey, visitorKey, in: property, regime: regime, version: version,
                    choices: Dictionary(uniqueKeysWithValues: group.map { ($0.key, $0.value) }), authentication, now))
        }
        if events.isEmpty {
            events.append(
                try await event(
                    subjectKey, visitorKey, in: property, regime: property.defaultRegime,
                    version: property.currentPolicyVersion, choices: [:], authentication, now))
        }
        let results = try await store.append(events)
        if results.contains(.subjectErased) {
            // One of the keys was erased on another instance moments ago (`ErasureScreen`): learn the tombstones and
            // link again, under the next generation's keys.
            guard again, let erased = pseudonymizer.erased else {
                throw StoreError.unavailable("the subject was erased while this link was made; try again")
            }
            try await erased.refresh()
            return try await link(visitor: visitor, to: subject, in: property, authentication: authentication, at: now, again: false)
        }
        var stored: [StoredEvent] = []
        var after = state
        for result in results {
            if case .recorded(let event, let state) = result {
                stored.append(event)
                after = state
            }
        }
        return Outcome(events: stored, state: after)
    }

    private func event(
        _ subject: SubjectKey, _ visitor: SubjectKey, in property: Property, regime: Regime, version: Int,
        choices: [PurposeKey: SubjectMerge.Choice], _ authentication: ConsentAuthentication, _ now: Date
    ) async throws -> ConsentEvent {
        guard let policy = try await store.policyVersion(version, of: property.id) else {
            throw ConsentRequestError.policyVersionUnknown(version)
        }
        let time = Date(millisecondsSince1970: now.millisecondsSince1970)
        return ConsentEvent(
            id: .make(at: time), property: property.id, subject: subject, choices: choices.mapValues(\.choice),
            expiresAt: choices.compactMapValues(\.expiresAt), regime: regime, policyVersion: version,
            policyHash: policy.contentHash, source: .link, gpc: choices.values.contains(where: \.isOptOut),
            recordedAt: time, authentication: authentication, kind: .linked, linkedSubject: visitor)
    }

    /// A subject's events in commit order, the newest `historyLimit` of them.
    private func history(of subject: SubjectKey, in property: PropertyID) async throws -> [ConsentEvent] {
        try await store.events(of: subject, in: property, before: nil, limit: Self.historyLimit).reversed().map(\.event)
    }
}
