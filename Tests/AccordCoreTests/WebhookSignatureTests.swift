import AccordCore
import Foundation
import Testing

@Suite struct WebhookSignatureTests {
    @Test func reproducesTheStandardWebhooksSpecificationVector() throws {
        // The example in the Standard Webhooks specification and its reference libraries.
        let key = try #require(WebhookSignature.key(of: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
        let signature = WebhookSignature.sign(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Array(#"{"test": 2432232314}"#.utf8), key: key)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func aRotationSendsOneSignaturePerKeySpaceSeparated() throws {
        let old = try #require(WebhookSignature.key(of: WebhookSignature.newSecret()))
        let new = try #require(WebhookSignature.key(of: WebhookSignature.newSecret()))
        let body = Array("{}".utf8)
        let header = WebhookSignature.header(id: "msg_1", timestamp: 10, body: body, keys: [new, old])
        let parts = header.split(separator: " ").map(String.init)
        #expect(
            parts == [
                WebhookSignature.sign(id: "msg_1", timestamp: 10, body: body, key: new),
                WebhookSignature.sign(id: "msg_1", timestamp: 10, body: body, key: old),
            ])
        #expect(parts[0] != parts[1])
    }

    @Test func newSecretsAreWhsecAnd32RandomBytes() throws {
        let secret = WebhookSignature.newSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(try #require(WebhookSignature.key(of: secret)).count == 32)
        #expect(WebhookSignature.newSecret() != secret)
        #expect(WebhookSignature.key(of: "whsec_not base64!") == nil)
    }
}
