import Foundation
import Synchronization

/// The e-mailed links to access packages (issue 14 §4): per link, the SHA-256 of its token (the token itself is
/// never stored), the request, when it expires, and the package sealed under the request's own vault key until it
/// is downloaded once or the link expires. A used or expired link is kept without its package, so it answers
/// 410 Gone rather than "never issued".
public protocol PackageLinks: Sendable {
    /// Stores a new link with its sealed package.
    func savePackageLink(_ link: PackageLink) async throws
    /// Takes the link whose token hashes to `hash` at `now`, in one transaction: an unused, unexpired link is marked
    /// used and its package removed and returned (so two downloads at once cannot both get it); a used or expired
    /// link answers so (an expired one loses its package); an unknown hash answers `.unknown`.
    func takePackageLink(hash: [UInt8], now: Date) async throws -> PackageLinkTake
    /// Removes the packages of links expired at `now` (oldest first, `limit` at most) and answers those links, so
    /// the caller destroys their keys too.
    func expirePackageLinks(now: Date, limit: Int) async throws -> [PackageLink]
}

/// One e-mailed link to a request's access package.
public struct PackageLink: Hashable, Sendable {
    /// SHA-256 of the link's token.
    public var hash: [UInt8]
    public var property: PropertyID
    /// The request whose package it is.
    public var request: String
    /// The package, sealed under the request's package key; nil once downloaded or expired.
    public var sealed: [UInt8]?
    public var createdAt: Date
    public var expiresAt: Date
    /// When it was downloaded; nil until then.
    public var usedAt: Date?

    /// A link from its parts.
    public init(
        hash: [UInt8], property: PropertyID, request: String, sealed: [UInt8]?, createdAt: Date, expiresAt: Date, usedAt: Date? = nil
    ) {
        self.hash = hash
        self.property = property
        self.request = request
        self.sealed = sealed
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

/// What taking a link found.
public enum PackageLinkTake: Hashable, Sendable {
    /// The link was valid: here it is with its package, now removed from the store.
    case package(PackageLink)
    /// It was downloaded before.
    case used
    /// It expired.
    case expired
    /// No link has this token.
    case unknown
}

extension InMemoryConsentStore {
    /// `PackageLinks`.
    public func savePackageLink(_ link: PackageLink) async throws {
        var link = link
        link.createdAt = link.createdAt.truncatedToMilliseconds
        link.expiresAt = link.expiresAt.truncatedToMilliseconds
        packageLinks.withLock { $0[link.hash] = link }
    }

    /// `PackageLinks`: under the links' lock.
    public func takePackageLink(hash: [UInt8], now: Date) async throws -> PackageLinkTake {
        packageLinks.withLock { links in
            guard var link = links[hash] else { return .unknown }
            if link.usedAt != nil { return .used }
            if link.expiresAt <= now {
                links[hash]?.sealed = nil
                return .expired
            }
            let taken = link
            link.sealed = nil
            link.usedAt = now.truncatedToMilliseconds
            links[hash] = link
            return .package(taken)
        }
    }

    /// `PackageLinks`.
    public func expirePackageLinks(now: Date, limit: Int) async throws -> [PackageLink] {
        packageLinks.withLock { links in
            let due = links.values.filter { $0.sealed != nil && $0.expiresAt <= now }.sorted { $0.expiresAt < $1.expiresAt }.prefix(limit)
            for link in due { links[link.hash]?.sealed = nil }
            return Array(due)
        }
    }
}
