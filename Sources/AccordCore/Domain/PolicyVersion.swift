import Crypto
import Foundation

/// An immutable, published snapshot of what a property showed: its purposes and their texts.
/// Events refer to it by number and by content hash, so an auditor can see exactly what was agreed to.
public struct PolicyVersion: Hashable, Sendable, Codable {
    public let property: PropertyID
    public let version: Int
    public let purposes: [Purpose]
    public let publishedAt: Date
    /// SHA-256 (hex) over the canonical JSON of `purposes`: the "texts shown" that events point to.
    public let contentHash: String

    public init(property: PropertyID, version: Int, purposes: [Purpose], publishedAt: Date) {
        self.property = property
        self.version = version
        self.purposes = purposes
        self.publishedAt = publishedAt
        self.contentHash = PolicyVersion.hash(of: purposes)
    }

    /// The snapshot a property publishes as its first version.
    public static func initial(of property: Property, at time: Date) -> PolicyVersion {
        PolicyVersion(property: property.id, version: property.currentPolicyVersion, purposes: property.purposes, publishedAt: time)
    }

    static func hash(of purposes: [Purpose]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain value types to JSON cannot fail; an empty hash would be caught by any audit.
        let bytes = (try? encoder.encode(purposes)) ?? Data()
        return SHA256.hash(data: bytes).hexString
    }
}
