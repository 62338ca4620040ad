import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Security probe, finding 1: a keyless write is a browser's, so it may only record for the SDK's anonymous
/// visitor ids and with a browser's sources; every event says how its caller authenticated.
@Suite struct KeylessWriteTests {
    let consents = "/v1/properties/demo/consents"

    @Test(arguments: ["victim@example.com", "crm-customer-17", "av_0123", "AV_" + String(repeating: "a", count: 32)])
    func keylessWriteForAKnownSubjectNeedsAKey(_ subject: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(subject)","choices":{"marketing":"granted"},"source":"banner"}"#
            let forged = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect(forged.status == .unauthorized)
            #expect(forged.body.errorCode == "key_required")
            #expect(forged.body.errorField == "subject")
            // The browser still learns why: the CORS headers are on the error too.
            #expect(forged.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let reader = try await test.key([.consentsRead])
            let path = "/v1/properties/demo/subjects/\(subject.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            let events = try await client.send(.get, path + "/events", headers: bearer(reader))
            #expect((events.body["events"] as? [Any])?.isEmpty == true)
            let writer = try await test.key([.consentsWrite])
            #expect(try await client.send(.post, consents, json: body, headers: bearer(writer)).status == .created)
        }
    }

    @Test(arguments: ["api", "import"])
    func keylessWriteCannotClaimAServerSource(_ source: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitor(1))","choices":{"marketing":"granted"},"source":"\#(source)"}"#
            let refused = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect(refused.status == .unauthorized)
            #expect(refused.body.errorCode == "key_required")
            #expect(refused.body.errorField == "source")
        }
    }

    @Test func everyEventSaysHowItsCallerAuthenticated() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let visitorID = visitor(2)
            let browser = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorID)","choices":{"analytics":"granted"}}"#, headers: localOrigin)
            #expect(browser.status == .created)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            let server = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorID)","choices":{"analytics":"denied"}}"#, headers: bearer(writer))
            #expect(server.status == .created)
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitorID)/events", headers: bearer(writer))
            let list = try #require(events.body["events"] as? [[String: Any]])
            #expect(list.count == 2)
            #expect(list[0]["authentication"] as? [String: String] == ["method": "apiKey", "keyPrefix": String(writer.prefix(10))])
            #expect(list[0]["source"] as? String == "api")
            #expect(list[1]["authentication"] as? [String: String] == ["method": "keyless", "origin": "http://localhost:3000"])
            // A keyless write without a source is the banner's, not the API's.
            #expect(list[1]["source"] as? String == "banner")
            #expect(try await StoreAudit.run(test.services.store).isClean)
        }
    }

    /// `Sec-Fetch-Site: same-origin` is a header any non-browser client sets: on its own it opens nothing.
    @Test func sameOriginClaimNeedsTheHostedPagesFormToken() async throws {
        let test = try await TestApplication.make(settings: ["http.publicUrl": .string("https://consent.example")])
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitor(3))","choices":{"marketing":"granted"}}"#
            let claimed: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"]
            let refused = try await client.send(.post, consents, json: body, headers: claimed)
            #expect(refused.status == .forbidden)
            #expect(refused.body.errorCode == "form_token_invalid")
            let ownOrigin: HTTPFields = [.origin: "https://consent.example"]
            #expect(try await client.send(.post, consents, json: body, headers: ownOrigin).status == .forbidden)
            #expect(try await client.send(.post, consents, json: body).status == .forbidden)
        }
    }

    /// The hosted preference center's SDK writes with the visitor and form token the page was rendered with.
    @Test func hostedPageWritesWithItsFormTokenForItsVisitorOnly() async throws {
        let test = try await TestApplication.make(settings: ["http.publicUrl": .string("https://consent.example")])
        try await test.application.test(.router) { client in
            let page = try await client.execute(uri: "/p/demo/preferences", method: .get) { $0 }
            let html = String(buffer: page.body)
            let visitorID = try #require(attribute("data-visitor", in: html))
            let token = try #require(attribute("data-form-token", in: html))
            let binding = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") })
            var headers: HTTPFields = [
                .origin: "https://consent.example", HTTPField.Name("X-Accord-Form-Token")!: token,
                .cookie: String(binding.split(separator: ";")[0]),
            ]
            let mine = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorID)","choices":{"marketing":"granted"},"source":"preferenceCenter"}"#,
                headers: headers)
            #expect(mine.status == .created)
            let someoneElse = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitor(4))","choices":{"marketing":"granted"}}"#, headers: headers)
            #expect(someoneElse.status == .forbidden)
            headers[.cookie] = "accord_csrf=" + String(repeating: "A", count: 22)
            let otherBrowser = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorID)","choices":{"marketing":"denied"}}"#, headers: headers)
            #expect(otherBrowser.status == .forbidden)
        }
    }

    func attribute(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "\(name)=\"")?.upperBound else { return nil }
        return String(html[start...].prefix { $0 != "\"" })
    }
}
