import AccordCore
import AccordServer
import Foundation
import Testing

@Suite struct WebhookSecretBoxTests {
    let root = try! RootKey(material: Array(repeating: 7, count: 32))
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func endpoint(_ id: String, secret: [UInt8]) -> WebhookEndpoint {
        WebhookEndpoint(
            id: id, property: "demo", url: "https://hooks.example/", events: [.consentRecorded], description: nil, status: .active,
            secret: secret, createdAt: start, updatedAt: start)
    }

    @Test func withARootKeyTheSecretIsStoredWrappedForItsEndpointOnly() throws {
        let box = WebhookSecretBox(root: root)
        let secret = WebhookSignature.newSecret()
        let stored = try box.seal(secret, endpoint: "wh_a")
        #expect(RootKey.isWrapped(stored))
        #expect(!String(decoding: stored, as: UTF8.self).contains(secret))
        #expect(box.keys(of: endpoint("wh_a", secret: stored), at: start) == [WebhookSignature.key(of: secret)!])
        #expect(box.keys(of: endpoint("wh_b", secret: stored), at: start).isEmpty, "moved to another endpoint, it does not open")
        #expect(WebhookSecretBox(root: nil).keys(of: endpoint("wh_a", secret: stored), at: start).isEmpty)
    }

    @Test func withoutARootKeyTheSecretIsStoredAsItIs() throws {
        let box = WebhookSecretBox(root: nil)
        let secret = WebhookSignature.newSecret()
        let stored = try box.seal(secret, endpoint: "wh_a")
        #expect(stored == Array(secret.utf8))
        #expect(box.keys(of: endpoint("wh_a", secret: stored), at: start) == [WebhookSignature.key(of: secret)!])
    }
}
