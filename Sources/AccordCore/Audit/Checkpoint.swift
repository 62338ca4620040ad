import Foundation

/// A chain's head at a moment, as Accord signs it: once published, anyone who kept it can later prove that the log
/// still holds that record at that place, even against someone who rewrote the database and recomputed every hash
/// (the idea of Certificate Transparency's signed tree heads).
public struct Checkpoint: Hashable, Sendable {
    /// The chain: `<property>/<shard>` for consent events, `config/<property>` for configuration changes.
    public var chain: String
    /// The position of the chain's last record when it was signed (at least 1).
    public var position: Int64
    /// That record's hash.
    public var hash: String
    /// When it was signed, truncated to milliseconds.
    public var time: Date

    /// A checkpoint from its parts; `Checkpointing.checkpoints(of:at:)` makes them from the chain heads.
    public init(chain: String, position: Int64, hash: String, time: Date) {
        self.chain = chain
        self.position = position
        self.hash = hash
        self.time = time.truncatedToMilliseconds
    }

    /// The header `typ` of a signed checkpoint, so a receipt cannot pass for one, nor one for a receipt.
    public static let tokenType = "accord-checkpoint+jwt"

    /// The property a chain belongs to: `demo` for `demo/3` and for `config/demo`.
    public static func property(ofChain chain: String) -> PropertyID {
        if chain.hasPrefix("config/") { return PropertyID(rawValue: String(chain.dropFirst("config/".count))) }
        guard let slash = chain.lastIndex(of: "/") else { return PropertyID(rawValue: chain) }
        return PropertyID(rawValue: String(chain[..<slash]))
    }

    /// The property whose chain this is.
    public var property: PropertyID { Self.property(ofChain: chain) }

    /// Whether the chain holds configuration changes (audit entries) rather than consent events.
    public var isConfigurationChain: Bool { chain.hasPrefix("config/") }

    /// The claims as JSON with sorted keys: the signed payload, `{chain, hash, position, time}`.
    public var jsonBytes: [UInt8] {
        var json = JSONWriter(capacity: 160)
        json.beginObject()
        json.field("chain", chain)
        json.field("hash", hash)
        json.key("position")
        json.integer(position)
        json.field("time", time.rfc3339)
        json.endObject()
        return json.bytes
    }
}

/// A checkpoint with its compact JWS, as stored and served.
public struct SignedCheckpoint: Hashable, Sendable {
    /// The signed claims.
    public var checkpoint: Checkpoint
    /// The compact JWS (EdDSA, the receipt key) over `checkpoint.jsonBytes`.
    public var token: String

    /// Pairs claims with the token signed over them.
    public init(checkpoint: Checkpoint, token: String) {
        self.checkpoint = checkpoint
        self.token = token
    }

    /// Signs `checkpoint` with the receipt key.
    public init(signing checkpoint: Checkpoint, with signer: ReceiptSigner) throws {
        self.checkpoint = checkpoint
        self.token = try signer.sign(payload: checkpoint.jsonBytes, type: Checkpoint.tokenType)
    }
}
