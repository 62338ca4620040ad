import AccordCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Resolves a host name to its addresses, for the address check made at creation and before each delivery.
public protocol HostResolver: Sendable {
    /// The addresses `host` resolves to now; empty when it does not resolve.
    func addresses(of host: String) async -> [IPAddress]
}

/// The system resolver (getaddrinfo), run off the cooperative pool.
public struct SystemHostResolver: HostResolver {
    /// The system resolver.
    public init() {}

    public func addresses(of host: String) async -> [IPAddress] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Self.lookup(host)) }
        }
    }

    private static func lookup(_ host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0,
                let address = IPAddress(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            {
                addresses.append(address)
            }
            cursor = entry.pointee.ai_next
        }
        return addresses
    }
}

extension WebhookURLRule {
    /// The full check: the URL's shape, then (for a name that is not exempt) every address it resolves to now.
    public func check(url: String, resolver: any HostResolver) async throws(Refusal) -> Target {
        try await destination(url: url, resolver: resolver).target
    }

    /// The full check made once before a delivery, and the address the request must then go to: the name is
    /// resolved once, every address it gave is checked, and the connection is made to the first of them, so a
    /// name that resolves to a public address for the check and to an internal one a moment later (DNS
    /// rebinding) is never contacted at the internal one. `address` is nil for an IP literal (the URL already
    /// says where to connect) and for an exempt name that resolves to nothing here (left to the client).
    public func destination(url: String, resolver: any HostResolver) async throws(Refusal) -> (target: Target, address: IPAddress?) {
        let target = try check(url: url)
        if target.address != nil { return (target, nil) }
        let addresses = await resolver.addresses(of: target.host)
        if !allowedHosts.contains(target.host) {
            try check(addresses: addresses, of: target)
        }
        return (target, addresses.first)
    }
}
