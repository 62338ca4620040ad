import Crypto
import Foundation

/// Digests of bytes, for content-derived identifiers: HTTP entity tags, Subresource Integrity values.
public enum ContentDigest {
    /// The SHA-256 of `bytes` as lower-case hexadecimal.
    public static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).hexString
    }

    /// A Subresource Integrity value (`sha384-<base64>`) for `bytes`.
    public static func subresourceIntegrity(_ bytes: some Sequence<UInt8>) -> String {
        "sha384-" + Data(SHA384.hash(data: Array(bytes))).base64EncodedString()
    }
}
