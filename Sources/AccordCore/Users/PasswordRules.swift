/// What a console password must be: 12 to 72 bytes (bcrypt reads no further than 72), not built on the user's own
/// address, and not a common password (`CommonPasswords`).
public enum PasswordRules {
    public static let minimumLength = 12
    /// bcrypt ignores every byte after the 72nd, so a longer password would be weaker than it looks.
    public static let maximumBytes = 72

    /// Why a password is refused; `message` says it to the person choosing it.
    public enum Problem: String, Hashable, Sendable, CaseIterable {
        case tooShort = "password_too_short"
        case tooLong = "password_too_long"
        case common = "password_common"
        case containsEmail = "password_contains_email"
        /// bcrypt reads a password as a C string, so a NUL would silently end it; no control character is taken.
        case controlCharacter = "password_control_character"

        public var message: String {
            switch self {
            case .tooShort: "Use at least \(PasswordRules.minimumLength) characters."
            case .tooLong: "Use at most \(PasswordRules.maximumBytes) bytes (bcrypt reads no further)."
            case .common: "This password is too common; choose one that is hard to guess."
            case .containsEmail: "Do not build the password on your e-mail address."
            case .controlCharacter: "Use letters, digits, spaces and punctuation only, no control characters."
            }
        }
    }

    /// The first rule `password` breaks for the user with `email`, or nil when it is acceptable.
    public static func check(_ password: String, email: String) -> Problem? {
        if password.count < minimumLength { return .tooShort }
        if password.utf8.count > maximumBytes { return .tooLong }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return .controlCharacter }
        let lowered = password.lowercased()
        if let name = email.split(separator: "@").first, name.count >= 4, lowered.contains(name.lowercased()) {
            return .containsEmail
        }
        if CommonPasswords.isCommon(password) { return .common }
        return nil
    }
}
