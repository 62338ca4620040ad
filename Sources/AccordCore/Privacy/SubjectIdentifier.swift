import Foundation

/// The one spelling of a subject identifier that is hashed, sealed and compared.
///
/// Text that looks the same must name the same person: `é` typed as one code point (U+00E9) or as `e` plus a
/// combining accent (U+0065 U+0301) are canonically equivalent, so identifiers are put in Unicode Normalization
/// Form C first (UAX #15). An e-mail-shaped identifier (exactly one `@`) is then lower-cased as a whole:
/// mailboxes are matched case-insensitively in practice, and a CRM that writes `Alice@Example.com` and a form
/// that writes `alice@example.com` mean one person.
public enum SubjectIdentifier {
    /// The identifier in NFC, and lower-cased as a whole when `isEmailShaped`; nothing else is changed.
    public static func normalize(_ identifier: String) -> String {
        // Plain ASCII is already in NFC; skipping the Foundation call keeps the write path's common case fast.
        let composed =
            identifier.utf8.allSatisfy { $0 < 0x80 } ? identifier : identifier.precomposedStringWithCanonicalMapping
        guard isEmailShaped(composed) else { return composed }
        let lowered = composed.lowercased()
        // Lower-casing can itself produce decomposed text (U+0130 İ becomes i + U+0307), so compose again.
        return lowered.utf8.allSatisfy { $0 < 0x80 } ? lowered : lowered.precomposedStringWithCanonicalMapping
    }

    /// Whether the identifier holds exactly one `@`; nothing else about it is checked.
    public static func isEmailShaped(_ identifier: String) -> Bool {
        var ats = 0
        for byte in identifier.utf8 where byte == UInt8(ascii: "@") {
            ats += 1
            if ats > 1 { return false }
        }
        return ats == 1
    }
}
