import Crypto

/// SHA-256 digests of bytes, for content-derived identifiers such as HTTP entity tags.
public enum ContentDigest {
    /// The SHA-256 of `bytes` as lower-case hexadecimal.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).hexString
    }
}
