/// Which hops in front of Accord are proxies it trusts to report the client's address (`http.trustedProxies`).
///
/// The hops form a chain: the header's entries, left to right, then the socket peer. Every appending proxy
/// (nginx's `$proxy_add_x_forwarded_for`, load balancers) adds the address it saw on the right, and leaves
/// whatever the client sent on the left; so the client is the right-most hop that is not a trusted proxy,
/// and nothing left of it can be believed.
public enum TrustedProxies: Hashable, Sendable {
    /// Every request passes exactly this many proxies, the socket peer being the nearest. Only sound when
    /// nothing can reach Accord except through them: a direct client would be taken for a proxy.
    case hops(Int)
    /// The proxies are the addresses in these ranges. A socket peer outside them reached Accord directly, so
    /// the header is ignored and the peer is the client.
    case ranges([IPRange])

    /// The default: a proxy on the same machine.
    public static let loopback = TrustedProxies.ranges(IPRange.loopback)

    /// Parses a hop count (`2`) or a comma-separated list of ranges and addresses (`10.0.0.0/8, 2001:db8::1`).
    public init?(_ text: String) {
        let trimmed = text.split(separator: ",").map { $0.split(separator: " ").joined() }.filter { !$0.isEmpty }
        if trimmed.count == 1, let count = Int(trimmed[0]) {
            guard (0...32).contains(count) else { return nil }
            self = .hops(count)
            return
        }
        let ranges = trimmed.map(IPRange.init)
        guard !ranges.isEmpty, !ranges.contains(nil) else { return nil }
        self = .ranges(ranges.compactMap { $0 })
    }

    /// The client's address, given the header's entries (`ForwardedFor.entries`) and the socket peer; nil when
    /// it cannot be known: the peer is unknown, or the hop where the client should be is not an address.
    public func client(peer: IPAddress?, forwarded entries: [IPAddress?]) -> IPAddress? {
        let chain = entries + [peer]
        switch self {
        case .hops(let count):
            // Fewer hops than proxies: the request skipped some, so the furthest one seen is the best answer.
            return chain.count > count ? chain[chain.count - 1 - count] : chain[0]
        case .ranges(let ranges):
            guard let peer, ranges.contains(where: { $0.contains(peer) }) else { return peer }
            for hop in chain.reversed().dropFirst() {
                // A trusted proxy writes only addresses; anything else means the chain cannot be read.
                guard let hop else { return nil }
                if !ranges.contains(where: { $0.contains(hop) }) { return hop }
            }
            // Every hop is trusted: the request started inside the proxies' own networks.
            return chain[0]
        }
    }
}
