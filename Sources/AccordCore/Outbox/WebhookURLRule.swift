import Foundation

/// Where webhooks may be sent: the server-side request forgery guard, applied when an endpoint is created or
/// changed and again before every delivery (to the addresses its name resolves to then, so a name re-pointed
/// at an internal address is caught).
///
/// Only `https` URLs, or `http` to a loopback address when `allowInsecureLoopback` is set (for tests and local
/// receivers). Loopback, link-local, private, shared (CGNAT), unspecified, multicast and other non-public
/// addresses are refused, by literal or by what a name resolves to, unless the host is listed in `allowedHosts`.
public struct WebhookURLRule: Hashable, Sendable {
    /// `webhooks.allowInsecureLoopback`: plain `http` to a loopback address is allowed (it must also be allowed by
    /// `allowedHosts`, or be the loopback exemption this flag gives).
    public var allowInsecureLoopback: Bool
    /// `webhooks.allowedHosts`: host names or addresses (lower case) exempt from the address check.
    public var allowedHosts: Set<String>

    /// A rule from the two settings.
    public init(allowInsecureLoopback: Bool = false, allowedHosts: [String] = []) {
        self.allowInsecureLoopback = allowInsecureLoopback
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
    }

    /// Why a URL or an address is refused; `message` is for the API's error body.
    public enum Refusal: Error, Hashable, Sendable {
        case malformed
        case notHTTPS
        case credentials
        case forbiddenAddress(String)

        /// One sentence naming what is wrong, never more of the URL than its host.
        public var message: String {
            switch self {
            case .malformed: "the URL must be absolute, with a host, and at most 2048 characters"
            case .notHTTPS: "the URL must use https (http only to a loopback address when webhooks.allowInsecureLoopback is set)"
            case .credentials: "the URL must not carry a user name or password"
            case .forbiddenAddress(let host):
                "\(host) is, or resolves to, a loopback, link-local or private address; list it in webhooks.allowedHosts to allow it"
            }
        }
    }

    /// A URL that passed the static checks: its host (lower case, without brackets) and, when the host is an IP
    /// literal, the address.
    public struct Target: Hashable, Sendable {
        /// The host as written, lower case, without IPv6 brackets.
        public var host: String
        /// The port, when the URL gives one.
        public var port: Int?
        /// The literal address, when the host is one; names are resolved by the caller and passed to `check(addresses:of:)`.
        public var address: IPAddress?
        /// Whether the host is exempt from the address checks (`allowedHosts`).
        public var exempt: Bool
    }

    /// Checks what can be checked without resolving: scheme, shape, credentials, a literal address. A name that
    /// needs resolving passes here with `address` nil.
    public func check(url text: String) throws(Refusal) -> Target {
        guard text.utf8.count <= 2048, let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let rawHost = components.host, !rawHost.isEmpty
        else { throw .malformed }
        guard components.user == nil, components.password == nil else { throw .credentials }
        let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let address = IPAddress(host)
        let isLoopbackName = host == "localhost" || host.hasSuffix(".localhost")
        let loopback = isLoopbackName || address.map(Self.isLoopback) == true
        switch scheme {
        case "https": break
        case "http" where allowInsecureLoopback && loopback: break
        default: throw .notHTTPS
        }
        let exempt = allowedHosts.contains(host) || (allowInsecureLoopback && loopback && scheme == "http")
        if !exempt {
            if isLoopbackName { throw .forbiddenAddress(host) }
            if let address, !Self.isPublic(address) { throw .forbiddenAddress(host) }
        }
        return Target(host: host, port: components.port, address: address, exempt: exempt)
    }

    /// Checks the addresses a name resolved to: every one must be public unless the host is exempt. (With the
    /// insecure-loopback exemption, only loopback addresses pass, so a name cannot smuggle a private one in.)
    public func check(addresses: [IPAddress], of target: Target) throws(Refusal) {
        guard !addresses.isEmpty else { throw .forbiddenAddress(target.host) }
        if allowedHosts.contains(target.host) { return }
        for address in addresses {
            if target.exempt && Self.isLoopback(address) { continue }
            if !Self.isPublic(address) { throw .forbiddenAddress(target.host) }
        }
    }

    /// Whether an address is a loopback one (127.0.0.0/8, ::1).
    public static func isLoopback(_ address: IPAddress) -> Bool {
        IPRange.loopback.contains { $0.contains(address) }
    }

    /// Whether an address may be a webhook's destination: none of the special-purpose ranges below.
    public static func isPublic(_ address: IPAddress) -> Bool {
        !refused.contains { $0.contains(address) }
    }

    /// This host, link-local, private (RFC 1918, unique local), shared CGNAT, unspecified, documentation,
    /// benchmarking, multicast and reserved ranges: nothing a webhook should reach.
    static let refused: [IPRange] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
        "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
        "::/128", "::1/128", "64:ff9b::/96", "100::/64", "2001:db8::/32", "fc00::/7", "fe80::/10", "ff00::/8",
    ].map { IPRange($0)! }
}
