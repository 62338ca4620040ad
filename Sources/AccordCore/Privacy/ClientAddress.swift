/// Reduces client addresses to their network before anything is stored: IPv4 to /24, IPv6 to /48.
public enum ClientAddress {
    /// Returns the truncated network in its usual text form, or nil when `address` is not an IP literal.
    public static func truncated(_ address: String) -> String? {
        if address.contains(":") { return truncatedIPv6(address) }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil && !$0.isEmpty }) else { return nil }
        return "\(parts[0]).\(parts[1]).\(parts[2]).0"
    }

    private static func truncatedIPv6(_ address: String) -> String? {
        // An IPv4-mapped address (::ffff:a.b.c.d) is an IPv4 client.
        if let lastColon = address.lastIndex(of: ":"), address[address.index(after: lastColon)...].contains(".") {
            return truncated(String(address[address.index(after: lastColon)...]))
        }
        guard let groups = expand(address) else { return nil }
        let kept = groups.prefix(3).map { String($0, radix: 16) }
        return kept.joined(separator: ":") + "::"
    }

    /// Expands `::` and returns the eight 16-bit groups.
    private static func expand(_ address: String) -> [UInt16]? {
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let values = pieces.map { $0.count <= 4 ? UInt16($0, radix: 16) : nil }
            return values.contains(nil) ? nil : values.compactMap { $0 }
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}
