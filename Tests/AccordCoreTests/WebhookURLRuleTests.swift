import AccordCore
import Foundation
import Testing

@Suite struct WebhookURLRuleTests {
    let strict = WebhookURLRule()
    let loopbackTests = WebhookURLRule(allowInsecureLoopback: true)

    @Test func publicHTTPSURLsPass() throws {
        let target = try strict.check(url: "https://hooks.example.com:8443/accord?x=1")
        #expect(target.host == "hooks.example.com" && target.port == 8443 && target.address == nil && !target.exempt)
        #expect(try strict.check(url: "https://93.184.216.34/hook").address == IPAddress("93.184.216.34"))
    }

    @Test(arguments: ["http://hooks.example.com/", "ftp://hooks.example.com/", "hooks.example.com/x", "https:///nohost", "javascript:alert(1)"])
    func nonHTTPSOrMalformedURLsAreRefused(_ url: String) {
        #expect(throws: WebhookURLRule.Refusal.self) { try strict.check(url: url) }
    }

    @Test(arguments: [
        "https://127.0.0.1/", "https://localhost/", "https://10.1.2.3/", "https://172.16.0.1/", "https://172.31.255.255/",
        "https://192.168.1.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fe80::1]/",
        "https://[fd00::1]/", "https://0.0.0.0/", "https://100.64.0.1/", "https://[::ffff:10.0.0.1]/", "https://224.0.0.1/",
    ])
    func internalAddressesAreRefused(_ url: String) {
        #expect(throws: WebhookURLRule.Refusal.self) { try strict.check(url: url) }
    }

    @Test func credentialsInTheURLAreRefused() {
        #expect(throws: WebhookURLRule.Refusal.credentials) { try strict.check(url: "https://user:pw@hooks.example.com/") }
    }

    @Test func plainHTTPToLoopbackOnlyWithTheSetting() throws {
        #expect(throws: WebhookURLRule.Refusal.notHTTPS) { try strict.check(url: "http://127.0.0.1:9000/") }
        #expect(try loopbackTests.check(url: "http://127.0.0.1:9000/").exempt)
        #expect(try loopbackTests.check(url: "http://localhost:9000/").exempt)
        #expect(throws: WebhookURLRule.Refusal.notHTTPS) { try loopbackTests.check(url: "http://10.0.0.1/") }
        #expect(throws: WebhookURLRule.Refusal.notHTTPS) { try loopbackTests.check(url: "http://hooks.example.com/") }
    }

    @Test func allowedHostsAreExemptFromTheAddressCheck() throws {
        let rule = WebhookURLRule(allowedHosts: ["Internal.Example", "10.0.0.5"])
        #expect(try rule.check(url: "https://10.0.0.5/").exempt)
        let target = try rule.check(url: "https://internal.example/")
        try rule.check(addresses: [IPAddress("10.9.9.9")!], of: target)
        #expect(throws: WebhookURLRule.Refusal.self) { try rule.check(url: "https://10.0.0.6/") }
    }

    @Test func aNameResolvingToAnInternalAddressIsRefused() throws {
        let target = try strict.check(url: "https://rebind.example/")
        try strict.check(addresses: [IPAddress("93.184.216.34")!], of: target)
        #expect(throws: WebhookURLRule.Refusal.forbiddenAddress("rebind.example")) {
            try strict.check(addresses: [IPAddress("93.184.216.34")!, IPAddress("169.254.169.254")!], of: target)
        }
        #expect(throws: WebhookURLRule.Refusal.self) { try strict.check(addresses: [], of: target) }
        // The loopback exemption does not let a name smuggle in a private address.
        let local = try loopbackTests.check(url: "http://localhost:9000/")
        try loopbackTests.check(addresses: [IPAddress("127.0.0.1")!], of: local)
        #expect(throws: WebhookURLRule.Refusal.self) { try loopbackTests.check(addresses: [IPAddress("192.168.0.2")!], of: local) }
    }
}
