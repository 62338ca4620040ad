import AccordCore
import Crypto
import Foundation
import HummingbirdOTP

/// Keeps console users' TOTP secrets sealed (AES-256-GCM, the user's id as associated data) under a key derived from
/// the server secret `console-totp-key`, which the root key wraps like every server secret: a copy of the database
/// alone yields no second factor. Checks codes with HummingbirdOTP's TOTP (6 digits, 30 s, SHA-1: what
/// authenticator apps expect), accepting the step before and after for clock drift.
struct TOTPSealer: Sendable {
    private let key: SymmetricKey

    init(secret: [UInt8]) {
        key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: secret), info: Array("accord console totp v1".utf8), outputByteCount: 32)
    }

    /// A new secret: 32 characters of the base32 alphabet (160 random bits), which HummingbirdOTP uses as key bytes.
    static func newSecret() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int(generator.next() % 32)] })
    }

    func seal(_ secret: String, for user: ConsoleUser.ID) throws -> [UInt8] {
        let box = try AES.GCM.seal(Array(secret.utf8), using: key, authenticating: Array(user.rawValue.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return Array(combined)
    }

    func open(_ sealed: [UInt8], for user: ConsoleUser.ID) -> String? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let secret = try? AES.GCM.open(box, using: key, authenticating: Array(user.rawValue.utf8))
        else { return nil }
        return String(decoding: secret, as: UTF8.self)
    }

    /// Whether `code` is the secret's code at `now` or one step either side.
    static func matches(_ code: String, secret: String, at now: Date) -> Bool {
        let digits = code.filter { !$0.isWhitespace }
        guard digits.count == 6, let value = Int(digits) else { return false }
        let totp = TOTP(secret: secret)
        return [-30.0, 0, 30].contains { totp.compute(date: now.addingTimeInterval($0)) == value }
    }

    /// The `otpauth://` address an authenticator app reads (typed in, or made into a QR code elsewhere).
    static func authenticatorURL(secret: String, email: String) -> String {
        TOTP(secret: secret).createAuthenticatorURL(label: "Accord:\(email)", issuer: "Accord")
    }

    /// The secret as the authenticator app wants it typed: base32 of its bytes, in groups of four.
    static func typedForm(of secret: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var bits = 0
        var value = 0
        var output = ""
        for byte in Array(secret.utf8) {
            value = ((value << 8) | Int(byte)) & 0xFFFF  // at most 12 unread bits remain
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(value << (5 - bits)) & 31]) }
        return stride(from: 0, to: output.count, by: 4).map { start in
            let from = output.index(output.startIndex, offsetBy: start)
            return String(output[from..<(output.index(from, offsetBy: 4, limitedBy: output.endIndex) ?? output.endIndex)])
        }.joined(separator: " ")
    }
}
