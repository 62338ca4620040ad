import Crypto
import Foundation

/// The e-mailed access-package link's pieces (issue 14 §4): the token in the link (32 random bytes, base64url),
/// stored only as its SHA-256, and the vault key the package is sealed under, derived from the request alone, so
/// destroying that vault entry (after the download or at expiry) makes every stored copy unreadable.
public enum PackageToken {
    /// A new random token.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<32).map { _ in generator.next() as UInt8 })
    }

    /// What the store keeps of `token`.
    public static func hash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// Whether `token` has the shape `make` gives (43 base64url characters), checked before any look-up.
    public static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43 && token.utf8.allSatisfy { $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// The vault key of request `id`'s package entry in `property`.
    public static func vaultKey(for id: String, in property: PropertyID) -> SubjectKey {
        SubjectKey(bytes: Array(SHA256.hash(data: Array("accord request package v1\u{0}\(property.rawValue)\u{0}\(id)".utf8))))!
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
