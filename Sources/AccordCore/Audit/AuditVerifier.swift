/// A record linked into an audit chain: a consent event or a configuration audit entry.
public protocol ChainedRecord {
    /// `event` or `audit entry`, for messages.
    var recordKind: String { get }
    var recordID: String { get }
    var link: ChainLink { get }
    /// The hash the record's stored contents give at its place in the chain.
    func recomputedHash() -> String
}

extension StoredEvent: ChainedRecord {
    public var recordKind: String { "event" }
    public var recordID: String { event.id.rawValue }
    public func recomputedHash() -> String {
        AuditChain.hash(of: event, chain: link.chain, position: link.position, previousHash: link.previousHash)
    }
}

/// Recomputes the audit chains record by record and names the first link that does not hold.
///
/// Feed it every stored record in chain order (chain, then position), then call `finish(heads:)`.
public struct AuditVerifier: Sendable {
    public enum Failure: Hashable, Sendable, CustomStringConvertible {
        /// The stored hash differs from the recomputed one: the event's fields were changed.
        case hashMismatch(kind: String, id: String, chain: String, position: Int64)
        /// The event does not follow the previous one: an event was removed, inserted or reordered.
        case brokenLink(kind: String, id: String, chain: String, position: Int64)
        /// The chain ends before its recorded head: events were removed from its end, or the head was edited.
        case headMismatch(chain: String, expectedPosition: Int64, foundPosition: Int64)

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

    public private(set) var recordCount = 0
    public private(set) var firstFailure: Failure?
    private var tails: [String: ChainHead] = [:]

    public init() {}

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
