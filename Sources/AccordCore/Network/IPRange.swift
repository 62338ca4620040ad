/// A network in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a network of one.
public struct IPRange: Hashable, Sendable, CustomStringConvertible {
    /// The network address, host bits cleared.
    public let network: IPAddress
    /// How many leading bits name the network: 0 to 32 for IPv4, 0 to 128 for IPv6.
    public let prefixLength: Int

    /// Parses `address/length` or a bare address; nil for anything else. Host bits are cleared
    /// (`10.1.2.3/8` is `10.0.0.0/8`). An IPv4-mapped range (`::ffff:10.0.0.0/104`) is the IPv4 range.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        var length = address.bitWidth
        if parts.count == 2 {
            guard (1...3).contains(parts[1].count), parts[1].allSatisfy({ $0.isASCII && $0.isNumber }),
                let given = Int(parts[1])
            else { return nil }
            // IPAddress reads ::ffff:a.b.c.d as IPv4, so a mapped prefix counts its last 32 bits only.
            let mapped = parts[0].contains(":") && address.bitWidth == 32
            length = mapped ? given - 96 : given
            guard (0...address.bitWidth).contains(length) else { return nil }
        }
        self.network = address.masked(toPrefix: length)
        self.prefixLength = length
    }

    /// Whether `address` lies in the network; an IPv4 address is never in an IPv6 range, nor the reverse.
    public func contains(_ address: IPAddress) -> Bool {
        address.bitWidth == network.bitWidth && address.masked(toPrefix: prefixLength) == network
    }

    /// CIDR text from the network address (`10.0.0.0/8`), a single address included (`192.0.2.1/32`).
    public var description: String { "\(network)/\(prefixLength)" }

    /// This machine: `127.0.0.0/8` and `::1`.
    public static let loopback: [IPRange] = [IPRange("127.0.0.0/8")!, IPRange("::1/128")!]
}
