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

    /// A link from its parts; new links come from `AuditChain.link(_:after:)`.
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
    /// The chain's name: `<property>/<shard>` for events, `config/<property>` for audit entries.
    public var chain: String
    /// The position of the last link; 0 for a chain without any.
    public var position: Int64
    /// The last link's hash; the genesis hash for a chain without links.
    public var hash: String

    /// A head from its parts, as a store keeps it.
    public init(chain: String, position: Int64, hash: String) {
        self.chain = chain
        self.position = position
        self.hash = hash
    }

    /// The head of a chain before its first link: position 0 and the chain's genesis hash.
    public static func genesis(of chain: String) -> ChainHead {
        ChainHead(chain: chain, position: 0, hash: AuditChain.genesisHash(of: chain))
    }
}
