import Foundation

/// What was done for a request across its systems (issue 14 §3), for a regulator: the request's facts and the audit
/// entries of its run and erasures, in chain order. Entries carry counts, strategies and reasons, never a value.
public struct RequestEvidence: Sendable, Hashable, Codable {
    /// The JWS `typ` of a signed evidence record.
    public static let tokenType = "accord-evidence+jwt"

    /// One recorded step.
    public struct Step: Sendable, Hashable, Codable {
        public var action: String
        public var actor: String
        public var at: Date
        public var detail: [String: String]
        /// The entry's hash in the property's request chain.
        public var hash: String
    }

    public var request: String
    public var property: String
    public var type: String
    public var status: String
    public var issuedAt: Date
    public var steps: [Step]

    /// The actions that are evidence: starting the run, each webhook system's dispatch (and reminder), each system's
    /// answer or failure, erasures, the closing.
    static let actions: Set<String> = [
        RequestAudit.Action.fulfilmentStarted.rawValue, RequestAudit.Action.systemDispatched.rawValue,
        RequestAudit.Action.systemAnswered.rawValue,
        RequestAudit.Action.systemFailed.rawValue, RequestAudit.Action.dataErased.rawValue, RequestAudit.Action.transition.rawValue,
    ]

    public init(_ request: PrivacyRequest, timeline: [StoredAuditEntry], at time: Date) {
        self.request = request.id
        property = request.property.rawValue
        type = request.type.rawValue
        status = request.status.rawValue
        issuedAt = time.truncatedToMilliseconds
        steps = timeline.filter { Self.actions.contains($0.entry.action) }.map {
            Step(
                action: $0.entry.action, actor: $0.entry.actor, at: $0.entry.recordedAt,
                // A dispatch's callback-token nonce is Accord's own bookkeeping, not evidence.
                detail: FulfilmentProgress.fields($0.entry).filter { $0.key != "nonce" }, hash: $0.link.hash)
        }
    }

    /// The signed payload: canonical JSON (sorted keys, RFC 3339 times).
    public var jsonBytes: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.rfc3339)
        }
        return Array((try? encoder.encode(self)) ?? Data())
    }

    /// The answer of `GET .../evidence`: the record and its JWS.
    public struct Signed: Sendable, Encodable {
        public var evidence: RequestEvidence
        public var jws: String

        public init(evidence: RequestEvidence, jws: String) {
            self.evidence = evidence
            self.jws = jws
        }
    }
}
