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
        keys(current: endpoint.secret, previous: endpoint.previousSecret, until: endpoint.previousSecretExpiresAt, endpoint: endpoint.id, at: now)
    }

    /// The keys to sign with at `now` for secrets stored under `id` (an endpoint's, or a webhook connector's): the
    /// current secret's, then the previous one's until `until`. Receivers accept a message when any signature verifies.
    public func keys(current: [UInt8], previous: [UInt8]?, until: Date?, endpoint id: String, at now: Date) -> [[UInt8]] {
        var keys = [key(of: current, endpoint: id)].compactMap { $0 }
        if let previous, let until, now < until, let key = key(of: previous, endpoint: id) { keys.append(key) }
        return keys
    }

    /// A rotation of the secret stored under `id` as `current`: the new `whsec_` secret (shown once), its stored
    /// form, and the old one kept signing beside it for `overlap` (24 hours), so receivers can switch without a gap.
    public struct Rotation: Sendable {
        public let secret: String
        public let sealed: [UInt8]
        public let previous: [UInt8]
        public let previousExpiresAt: Date
    }

    /// A new secret for `id`, the current one kept valid for 24 hours.
    public func rotate(_ current: [UInt8], endpoint id: String, at now: Date) throws -> Rotation {
        let secret = WebhookSignature.newSecret()
        return Rotation(
            secret: secret, sealed: try seal(secret, endpoint: id), previous: current,
            previousExpiresAt: now.addingTimeInterval(Self.overlap).truncatedToMilliseconds)
    }

    /// How long a rotated-out secret keeps signing.
    static let overlap: TimeInterval = 24 * 3600

    private static func name(_ id: String) -> String { "webhook-secret:\(id)" }
}
