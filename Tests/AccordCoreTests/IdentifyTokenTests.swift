import AccordCore
import Foundation
import Testing

@Suite struct IdentifyTokenTests {
    let key = Array("a property's identity secret, 32+".utf8)
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    /// RFC 7515 appendix A.1: the HS256 example's header, payload, key and signature, verbatim.
    @Test func rfc7515ExampleVerifies() throws {
        let token =
            "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
            + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
            + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        let key = try #require(Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        let payload = try HS256.verify(token, key: key)
        #expect(String(decoding: payload, as: UTF8.self) == "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}")
        #expect(throws: HS256.Failure.signature) { try HS256.verify(token, key: Array(key.dropLast())) }
        #expect(throws: HS256.Failure.signature) { try HS256.verify(String(token.dropLast()) + "Y", key: key) }
    }

    @Test func signedTokenVerifiesForItsProperty() throws {
        let token = IdentifyToken.sign(subject: "user-42", property: "shop", expiresAt: now.addingTimeInterval(3_600), key: key)
        let claims = try IdentifyToken.verify(token, key: key, property: "shop", at: now)
        #expect(claims == IdentifyToken(subject: "user-42", property: "shop", expiresAt: now.addingTimeInterval(3_600)))
    }

    @Test(arguments: [
        (-1.0, "shop", IdentifyToken.Failure.expired), (0, "shop", .expired), (86_401, "shop", .lifetime),
        (3_600, "other", .audience),
    ])
    func expiredTooLongLivedOrForeignTokenIsRefused(expiresIn: Double, property: String, failure: IdentifyToken.Failure) {
        let token = IdentifyToken.sign(subject: "user-42", property: "shop", expiresAt: now.addingTimeInterval(expiresIn), key: key)
        #expect(throws: failure) { try IdentifyToken.verify(token, key: key, property: PropertyID(rawValue: property), at: now) }
    }

    @Test func forgedAlteredOrUnsignedTokenIsRefused() {
        let token = IdentifyToken.sign(subject: "user-42", property: "shop", expiresAt: now.addingTimeInterval(60), key: key)
        #expect(throws: IdentifyToken.Failure.signature) {
            try IdentifyToken.verify(token, key: Array("another secret".utf8), property: "shop", at: now)
        }
        let parts = token.split(separator: ".").map(String.init)
        let otherSubject = Base64URL.encode(Array(#"{"sub":"admin","aud":"shop","exp":1790000060}"#.utf8))
        #expect(throws: IdentifyToken.Failure.signature) {
            try IdentifyToken.verify([parts[0], otherSubject, parts[2]].joined(separator: "."), key: key, property: "shop", at: now)
        }
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8))
        #expect(throws: IdentifyToken.Failure.algorithm) {
            try IdentifyToken.verify([none, parts[1], ""].joined(separator: "."), key: key, property: "shop", at: now)
        }
        for malformed in ["", "a.b", "not.a.token", parts[0] + "." + parts[1]] {
            #expect(throws: IdentifyToken.Failure.malformed) { try IdentifyToken.verify(malformed, key: key, property: "shop", at: now) }
        }
    }

    @Test func audienceMayBeAListAndSubjectMustBePresent() throws {
        let listed = HS256.sign(payload: Array(#"{"sub":"u","aud":["crm","shop"],"exp":1790000060}"#.utf8), key: key)
        #expect(try IdentifyToken.verify(listed, key: key, property: "shop", at: now).subject == "u")
        let empty = HS256.sign(payload: Array(#"{"sub":"","aud":"shop","exp":1790000060}"#.utf8), key: key)
        #expect(throws: IdentifyToken.Failure.subject) { try IdentifyToken.verify(empty, key: key, property: "shop", at: now) }
        let missing = HS256.sign(payload: Array(#"{"aud":"shop","exp":1790000060}"#.utf8), key: key)
        #expect(throws: IdentifyToken.Failure.malformed) { try IdentifyToken.verify(missing, key: key, property: "shop", at: now) }
    }
}
