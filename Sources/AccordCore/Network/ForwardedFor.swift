/// Reads the addresses in a client-address header such as `X-Forwarded-For`, `X-Real-IP` or `Forwarded`.
public enum ForwardedFor {
    /// The header's entries in order, left (furthest from Accord) to right (nearest), across repeated header
    /// lines; nil marks an entry that is not an address (`unknown`, `_hidden`, garbage). Empty entries are
    /// skipped, as HTTP lists allow them.
    public static func entries(_ fieldValues: [String]) -> [IPAddress?] {
        fieldValues.flatMap { $0.split(separator: ",") }.compactMap { element in
            let trimmed = element.trimmingWhitespace()
            return trimmed.isEmpty ? nil : .some(address(ofEntry: trimmed))
        }
    }

    /// One entry: `192.0.2.1`, `192.0.2.1:5678`, `2001:db8::1`, `[2001:db8::1]:80`, or an RFC 7239 element
    /// (`for="[2001:db8::1]:80";proto=https`), whose `for` parameter is taken.
    public static func address(ofEntry entry: Substring) -> IPAddress? {
        var text = entry
        if text.contains("=") {
            let parameters = text.split(separator: ";").map { $0.trimmingWhitespace() }
            guard let node = parameters.first(where: { $0.lowercased().hasPrefix("for=") }) else { return nil }
            text = node.dropFirst(4)
            if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let port = text[text.index(after: close)...]
            guard port.isEmpty || isPort(port) else { return nil }
            return IPAddress(text[text.index(after: text.startIndex)..<close])
        }
        // One colon after a dotted address is a port; IPv6 has at least two.
        if let colon = text.firstIndex(of: ":"), text[..<colon].contains("."), isPort(text[colon...]) {
            return IPAddress(text[..<colon])
        }
        return IPAddress(text)
    }

    private static func isPort(_ text: Substring) -> Bool {
        text.hasPrefix(":") && (2...6).contains(text.count) && text.dropFirst().allSatisfy { $0.isASCII && $0.isNumber }
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        let isText: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = firstIndex(where: isText), let last = lastIndex(where: isText) else { return "" }
        return self[first...last]
    }
}
