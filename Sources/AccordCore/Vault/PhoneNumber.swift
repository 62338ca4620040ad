/// A phone number as the subject vault keeps it: E.164, a `+`, the country code and the number, 8 to 15 digits
/// in all, the first not 0 (ITU-T E.164). Spaces, hyphens, dots and parentheses people write between digits are
/// dropped; anything else is refused, so a stored number is one a later SMS sender can use as it is.
public enum PhoneNumber {
    /// The number in E.164 (`+4915112345678`), or nil when `text` is not one.
    public static func normalized(_ text: String) -> String? {
        guard text.utf8.count <= 32 else { return nil }
        let kept = text.filter { !" -.()".contains($0) }
        guard kept.first == "+" else { return nil }
        let digits = kept.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }), digits.first != "0" else { return nil }
        return kept
    }
}
