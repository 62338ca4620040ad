/// Reduces client addresses to their network before anything is stored: IPv4 to /24, IPv6 to /48.
public enum ClientAddress {
    /// Returns the truncated network in its usual text form, or nil when `address` is not an IP literal.
    public static func truncated(_ address: String) -> String? {
        guard let parsed = IPAddress(address) else { return nil }
        switch parsed {
        case .v4:
            return parsed.masked(toPrefix: 24).description
        case .v6:
            return parsed.groups.prefix(3).map { String($0, radix: 16) }.joined(separator: ":") + "::"
        }
    }

    /// The key a per-client rate limit counts under: an IPv4 address is one client; an IPv6 client holds its
    /// whole /64 (a subnet is the smallest assignment, and hosts pick addresses in it at will), so a /64 counts once.
    public static func rateLimitKey(_ address: IPAddress) -> String {
        switch address {
        case .v4: address.description
        case .v6: "\(address.masked(toPrefix: 64))/64"
        }
    }
}
