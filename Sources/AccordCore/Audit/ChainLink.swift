/// An event's place in its audit chain.
public struct ChainLink: Hashable, Sendable, Codable {
    /// The chain the event belongs to: `<property>/<shard>`.
    public var chain: String
    /// 1-based position within the chain.
    public var position: Int64
    /// Hex SHA-256 of the previous event in the chain (the chain's genesis hash for position 1).
    public var previousHash: String
    /// Hex SHA-256 over `previousHash` and this event's canonical bytes.
    public var hash: String

    public init(chain: String, position: Int64, previousHash: String, hash: String) {
        self.chain = chain
        self.position = position
        self.previousHash = previousHash
        self.hash = hash
    }
}

extension ChainLink {
    /// The head of the chain when this link is its last.
    public var head: ChainHead { ChainHead(chain: chain, position: position, hash: hash) }
}

/// The last link of a chain, kept so a truncated chain (rows deleted from the end) is caught too.
public struct ChainHead: Hashable, Sendable, Codable {
    public var chain: String
    public var position: Int64
    public var hash: String

    public init(chain: String, position: Int64, hash: String) {
        self.chain = chain
        self.position = position
        self.hash = hash
    }

    public static func genesis(of chain: String) -> ChainHead {
        ChainHead(chain: chain, position: 0, hash: AuditChain.genesisHash(of: chain))
    }
}
