import Foundation

/// An IP address as a number, so proxy ranges can be matched and rate limits keyed by network.
///
/// An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`) is parsed as the IPv4 address it carries: a dual-stack
/// socket reports IPv4 clients that way, and one client must not get two identities.
public enum IPAddress: Hashable, Sendable {
    /// An IPv4 address, first octet in the top byte (`192.0.2.1` is `0xC000_0201`).
    case v4(UInt32)
    /// An IPv6 address that is not IPv4-mapped, first group in the top 16 bits.
    case v6(UInt128)

    /// Parses dotted IPv4 (`192.0.2.1`) or IPv6 text (`2001:db8::1`, `::ffff:192.0.2.1`, `fe80::1%eth0`);
    /// nil for anything else, including ports and brackets (see `ForwardedFor` for those).
    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        if text.contains(":") {
            // A zone (`%eth0`) names the interface of a link-local address; it is not part of the address.
            let unzoned = text.firstIndex(of: "%").map { text[..<$0] } ?? text
            guard let value = Self.parseV6(unzoned) else { return nil }
            // ::ffff:0:0/96 holds IPv4 addresses.
            self = value >> 32 == 0xffff ? .v4(UInt32(truncatingIfNeeded: value)) : .v6(value)
        } else {
            guard let value = Self.parseV4(text) else { return nil }
            self = .v4(value)
        }
    }

    /// 32 or 128.
    public var bitWidth: Int {
        switch self {
        case .v4: 32
        case .v6: 128
        }
    }

    /// The network of `length` leading bits, the rest set to zero.
    public func masked(toPrefix length: Int) -> IPAddress {
        switch self {
        case .v4(let value):
            let kept = max(0, min(32, length))
            return .v4(kept == 0 ? 0 : value & (UInt32.max << (32 - kept)))
        case .v6(let value):
            let kept = max(0, min(128, length))
            return .v6(kept == 0 ? 0 : value & (UInt128.max << (128 - kept)))
        }
    }

    /// The eight 16-bit groups of an IPv6 address, most significant first; empty for IPv4.
    public var groups: [UInt16] {
        guard case .v6(let value) = self else { return [] }
        return (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
    }

    private static func parseV4(_ text: Substring) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let byte = UInt8(part) else {
                return nil
            }
            value = value << 8 | UInt32(byte)
        }
        return value
    }

    private static func parseV6(_ text: Substring) -> UInt128? {
        var text = String(text)
        // A dotted IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard let tail = parseV4(text[text.index(after: lastColon)...]) else { return nil }
            text = String(text[...lastColon]) + String(tail >> 16, radix: 16) + ":" + String(tail & 0xffff, radix: 16)
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var values: [UInt16] = []
            for piece in part.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(piece.count), piece.allSatisfy(\.isHexDigit), let value = UInt16(piece, radix: 16) else {
                    return nil
                }
                values.append(value)
            }
            return values
        }
        guard let head = groups(halves[0]) else { return nil }
        let all: [UInt16]
        if halves.count == 1 {
            guard head.count == 8 else { return nil }
            all = head
        } else {
            // `::` stands for at least one zero group.
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            all = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        return all.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }
}

extension IPAddress: CustomStringConvertible {
    /// Dotted IPv4, or IPv6 in its canonical form (RFC 5952: lower case, the longest run of zero groups as `::`).
    public var description: String {
        switch self {
        case .v4(let value):
            return (0..<4).map { String(UInt8(truncatingIfNeeded: value >> (24 - 8 * $0))) }.joined(separator: ".")
        case .v6:
            let groups = groups
            var best = (start: 0, count: 0)
            var run = (start: 0, count: 0)
            for (index, group) in groups.enumerated() {
                if group == 0 {
                    run = run.count == 0 ? (index, 1) : (run.start, run.count + 1)
                    if run.count > best.count { best = run }
                } else {
                    run = (0, 0)
                }
            }
            let hex = groups.map { String($0, radix: 16) }
            // A single zero group is written out, not shortened.
            guard best.count >= 2 else { return hex.joined(separator: ":") }
            let head = hex[..<best.start].joined(separator: ":")
            let tail = hex[(best.start + best.count)...].joined(separator: ":")
            return head + "::" + tail
        }
    }
}
