import Foundation

/// E-mail addresses as Accord accepts them from integrators: plain ASCII `local@domain` (a dot-atom local part:
/// no display name, comments or quoted local parts), at most 254 characters, a domain of at least two DNS labels
/// of 1 to 63 letters, digits and inner hyphens. Exactly what openapi.yaml's pattern says. Nothing that could break
/// a header or an SMTP command (CR, LF, `<`, `>`, spaces) gets through.
public enum EmailAddress {
    /// The address with the domain in lower case, or nil when it is not acceptable.
    public static func normalized(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard (3...254).contains(bytes.count), let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return nil }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard isLocalPart(local), isDomain(domain) else { return nil }
        return String(decoding: local, as: UTF8.self) + "@" + String(decoding: domain, as: UTF8.self).lowercased()
    }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isLocalPart(_ local: ArraySlice<UInt8>) -> Bool {
        guard !local.isEmpty, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else {
            return false
        }
        var previousDot = false
        for byte in local {
            let dot = byte == UInt8(ascii: ".")
            guard dot ? !previousDot : atext.contains(byte) else { return false }
            previousDot = dot
        }
        return true
    }

    private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                        || byte == UInt8(ascii: "-")
                }
        }
    }
}
