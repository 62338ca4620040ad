/// Format checks for the free-text fields of a consent submission, shared with the experience endpoint.
public enum RequestValidation {
    /// ISO 3166-1 alpha-2 (`DE`) or ISO 3166-2 (`US-CA`, `DE-BY`, `FR-75C`): upper-case only, as the standard writes them.
    public static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            return false
        }
        if parts.count == 2 {
            return (1...3).contains(parts[1].count)
                && parts[1].allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
        }
        return true
    }

    /// A BCP 47 tag in its common shape: a 2-3 letter language, then subtags of 1-8 letters or digits.
    public static func isLocale(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLetter }) else {
            return false
        }
        return parts.dropFirst().allSatisfy { part in
            (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        } && text.utf8.count <= 35
    }

    /// Text with something to read: not empty and not only blanks (spaces, tabs, line breaks, the Unicode space
    /// separators). The blanks are spelled out because openapi.yaml states the same rule as a regular expression,
    /// `[^ \t\n\v\f\r\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]`, and every regex engine's `\s` differs.
    public static func hasVisibleText(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            switch scalar.value {
            case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: false
            default: true
            }
        }
    }

    /// Printable ASCII without spaces, 1 to 255 characters.
    public static func isIdempotencyKey(_ text: String) -> Bool {
        (1...255).contains(text.utf8.count) && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
