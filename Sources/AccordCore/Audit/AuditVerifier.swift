/// A record linked into an audit chain: a consent event or a configuration audit entry.
public protocol ChainedRecord {
    /// `event` or `audit entry`, for messages.
    var recordKind: String { get }
    /// The record's id (an event or entry id), to name it in a failure.
    var recordID: String { get }
    /// The chain, position and hashes stored with the record.
    var link: ChainLink { get }
    /// The hash the record's stored contents give at its place in the chain.
    func recomputedHash() -> String
}

extension StoredEvent: ChainedRecord {
    /// `event`, as verifier failures name the kind.
    public var recordKind: String { "event" }
    /// The event's UUIDv7 id, as verifier failures name it.
    public var recordID: String { event.id.rawValue }
    /// The hash of the event's stored fields at its place in the chain, as `AuditChain.hash(of:chain:position:previousHash:)` gives.
    public func recomputedHash() -> String {
        AuditChain.hash(of: event, chain: link.chain, position: link.position, previousHash: link.previousHash)
    }
}

/// Recomputes the audit chains record by record and names the first link that does not hold.
///
/// Feed it every stored record in chain order (chain, then position), then call `finish(heads:)`.
public struct AuditVerifier: Sendable {
    /// The first thing found wrong, naming the record and its place so an operator can look at it.
    public enum Failure: Hashable, Sendable, CustomStringConvertible {
        /// The stored hash differs from the recomputed one: the event's fields were changed.
        case hashMismatch(kind: String, id: String, chain: String, position: Int64)
        /// The event does not follow the previous one: an event was removed, inserted or reordered.
        case brokenLink(kind: String, id: String, chain: String, position: Int64)
        /// The chain ends before its recorded head: events were removed from its end, or the head was edited.
        case headMismatch(chain: String, expectedPosition: Int64, foundPosition: Int64)

        /// One line naming the record, its chain and position, and what does not hold.
        public var description: String {
            switch self {
            case .hashMismatch(let kind, let id, let chain, let position):
                "\(kind) \(id) (chain \(chain), position \(position)): hash does not match its contents"
            case .brokenLink(let kind, let id, let chain, let position):
                "\(kind) \(id) (chain \(chain), position \(position)): does not link to the previous record"
            case .headMismatch(let chain, let expected, let found):
                "chain \(chain): head records position \(expected) but the events end at \(found)"
            }
        }
    }

    /// Records consumed so far, including those after a failure (they are counted, not checked).
    public private(set) var recordCount = 0
    /// The first failure found; once set, later records are no longer checked.
    public private(set) var firstFailure: Failure?
    private var tails: [String: ChainHead] = [:]

    /// A verifier that has seen nothing: every chain is expected to start at its genesis hash.
    public init() {}

    /// Checks the next record: that it follows the last one seen in its chain and that its hash matches its contents.
    public mutating func consume(_ stored: some ChainedRecord) {
        recordCount += 1
        guard firstFailure == nil else { return }
        let link = stored.link
        let previous = tails[link.chain] ?? ChainHead.genesis(of: link.chain)
        guard link.position == previous.position + 1, link.previousHash == previous.hash else {
            firstFailure = .brokenLink(kind: stored.recordKind, id: stored.recordID, chain: link.chain, position: link.position)
            return
        }
        guard stored.recomputedHash() == link.hash else {
            firstFailure = .hashMismatch(kind: stored.recordKind, id: stored.recordID, chain: link.chain, position: link.position)
            return
        }
        tails[link.chain] = ChainHead(chain: link.chain, position: link.position, hash: link.hash)
    }

    /// Checks that every chain ends exactly at its recorded head.
    public mutating func finish(heads: [ChainHead]) -> Failure? {
        if let firstFailure { return firstFailure }
        for head in heads.sorted(by: { $0.chain < $1.chain }) {
            let tail = tails[head.chain] ?? ChainHead.genesis(of: head.chain)
            if tail != head {
                firstFailure = .headMismatch(chain: head.chain, expectedPosition: head.position, foundPosition: tail.position)
                return firstFailure
            }
        }
        return nil
    }
}
