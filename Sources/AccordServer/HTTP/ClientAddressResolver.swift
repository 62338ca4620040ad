import AccordCore
import HTTPTypes
import Hummingbird

/// Where a request's client address comes from: the socket, or a proxy header when one is configured
/// (`http.clientIpHeader`), since behind a proxy every socket address is the proxy's. The header is read from
/// the right and believed only as far as `http.trustedProxies` allows (see `TrustedProxies`).
struct ClientAddressResolver: Sendable {
    let trustedHeader: HTTPField.Name?
    let trustedProxies: TrustedProxies

    init(trustedHeader: HTTPField.Name?, trustedProxies: TrustedProxies = .loopback) {
        self.trustedHeader = trustedHeader
        self.trustedProxies = trustedProxies
    }

    /// The client's address in canonical text, or nil when it cannot be known.
    func address(of request: Request, context: some RemoteAddressRequestContext) -> String? {
        client(of: request, context: context)?.description
    }

    /// What `RateLimiter.acquire` must count under: the address for IPv4, the /64 for IPv6 (one client can use a
    /// whole /64), `unknown` when there is no address.
    func rateLimitKey(of request: Request, context: some RemoteAddressRequestContext) -> String {
        client(of: request, context: context).map(ClientAddress.rateLimitKey) ?? "unknown"
    }

    private func client(of request: Request, context: some RemoteAddressRequestContext) -> IPAddress? {
        let peer = context.remoteAddress?.ipAddress.flatMap { IPAddress($0) }
        guard let trustedHeader else { return peer }
        // Repeated header lines are one list, in order.
        let entries = ForwardedFor.entries(request.headers[values: trustedHeader])
        return trustedProxies.client(peer: peer, forwarded: entries)
    }
}
