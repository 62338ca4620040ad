import Foundation

/// Base64url without padding (RFC 4648 §5), as JWS and JWK use it.
public enum Base64URL {
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes canonical base64url, with or without padding; nil for anything else.
    ///
    /// Non-canonical text (stray bits set in the last character) is refused: otherwise two different
    /// strings would decode to the same bytes, and a changed signature character could still verify.
    public static func decode(_ text: some StringProtocol) -> Data? {
        let unpadded = String(text).replacingOccurrences(of: "=", with: "")
        guard unpadded.count + (4 - unpadded.count % 4) % 4 >= text.count else { return nil }
        var base64 = unpadded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), encode(data) == unpadded else { return nil }
        return data
    }
}
