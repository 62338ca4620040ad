import AccordCore
import Foundation

/// Keeps endpoint secrets wrapped by the root key in the store (named per endpoint, so a wrapped secret cannot be
/// moved to another endpoint); without a root key they are stored as they are, like the other server secrets.
public struct WebhookSecretBox: Sendable {
    let root: RootKey?

    /// With the server's root key, if there is one.
    public init(root: RootKey?) { self.root = root }

    /// The form to store the `whsec_` secret of endpoint `id` in.
    public func seal(_ secret: String, endpoint id: String) throws -> [UInt8] {
        let bytes = Array(secret.utf8)
        return try root?.wrap(bytes, name: Self.name(id)) ?? bytes
    }

    /// The signing key of a stored secret; nil when it cannot be opened (wrong root key, damaged value).
    public func key(of stored: [UInt8], endpoint id: String) -> [UInt8]? {
        let clear: [UInt8]?
        if RootKey.isWrapped(stored) {
            clear = try? root?.unwrap(stored, name: Self.name(id))
        } else {
            clear = stored
        }
        return clear.flatMap { WebhookSignature.key(of: String(decoding: $0, as: UTF8.self)) }
    }

    /// The keys to sign with at `now`: the current secret's, then the previous one's while it is still valid.
    public func keys(of endpoint: WebhookEndpoint, at now: Date) -> [[UInt8]] {
        var keys = [key(of: endpoint.secret, endpoint: endpoint.id)].compactMap { $0 }
        if let previous = endpoint.previousSecret, let until = endpoint.previousSecretExpiresAt, now < until,
            let key = key(of: previous, endpoint: endpoint.id)
        {
            keys.append(key)
        }
        return keys
    }

    private static func name(_ id: String) -> String { "webhook-secret:\(id)" }
}
