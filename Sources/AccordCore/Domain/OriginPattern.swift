import Foundation

/// An allowed browser origin for a property: exact (`https://shop.example`), any port
/// (`http://localhost:*`) or any sub-domain (`https://*.example.com`).
public struct OriginPattern: Hashable, Sendable, CustomStringConvertible {
    /// `http` or `https`, lower-cased; an origin only matches a pattern of its own scheme.
    public let scheme: String
    /// Host, lower-cased; a leading `*.` matches any sub-domain (not the apex itself).
    public let host: String
    /// `nil` matches any port.
    public let port: Int?

    /// The canonical text, port always written: `https://shop.example:443`, `http://localhost:*`.
    public var description: String {
        "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? ":*")
    }

    /// Parses `scheme://host[:port|:*]`; returns nil for anything else.
    public init?(_ text: String) {
        guard let parts = OriginPattern.split(text, allowWildcards: true) else { return nil }
        self.scheme = parts.scheme
        self.host = parts.host
        switch parts.port {
        case "*": self.port = nil
        case nil: self.port = parts.scheme == "https" ? 443 : 80
        case let digits?:
            guard let number = Int(digits), (1...65535).contains(number) else { return nil }
            self.port = number
        }
    }

    /// Whether a browser `Origin` header value is covered by this pattern.
    public func matches(origin: String) -> Bool {
        guard let parts = OriginPattern.split(origin, allowWildcards: false), parts.scheme == scheme else {
            return false
        }
        let originPort = parts.port.flatMap(Int.init) ?? (parts.scheme == "https" ? 443 : 80)
        if let port, port != originPort { return false }
        if host.hasPrefix("*.") {
            return parts.host.hasSuffix(host.dropFirst(1)) && parts.host.count > host.count - 1
        }
        return parts.host == host
    }

    /// The loopback origins on any port, so a developer can try the tag on a local page.
    public static let loopback: [OriginPattern] = [
        "http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*",
        "https://localhost:*", "https://127.0.0.1:*", "https://[::1]:*",
    ]

    private static func split(_ text: String, allowWildcards: Bool) -> (scheme: String, host: String, port: String?)? {
        let lowered = text.lowercased()
        guard let schemeEnd = lowered.range(of: "://") else { return nil }
        let scheme = String(lowered[..<schemeEnd.lowerBound])
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = lowered[schemeEnd.upperBound...]
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@") else { return nil }
        var host = Substring(rest)
        var port: String?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return nil }
                port = String(after.dropFirst())
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            port = String(rest[rest.index(after: colon)...])
        }
        guard !host.isEmpty else { return nil }
        if !allowWildcards {
            if host.contains("*") || port == "*" { return nil }
        } else if host.dropFirst(2).contains("*") || (host.contains("*") && !host.hasPrefix("*.")) {
            return nil
        }
        if let port, port != "*", port.isEmpty || !port.allSatisfy(\.isASCII) || Int(port) == nil { return nil }
        return (scheme, String(host), port)
    }
}

extension OriginPattern: ExpressibleByStringLiteral {
    /// For literals in code and tests; traps on a malformed literal, which is a programming error.
    public init(stringLiteral value: String) {
        guard let pattern = OriginPattern(value) else { preconditionFailure("malformed origin pattern \(value)") }
        self = pattern
    }
}

extension OriginPattern: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let pattern = OriginPattern(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an origin"))
        }
        self = pattern
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
