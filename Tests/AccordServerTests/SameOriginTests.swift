import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The hosted preference center runs on Accord's own origin, which a property's allowed origins need not list:
/// its writes are let in by the page's form token, never by `Sec-Fetch-Site` or `Origin` alone.
@Suite struct SameOriginTests {
    let accordOrigin: HTTPFields = [.origin: "https://accord.example.com"]

    @Test func sameOriginPagesRecordOnlyWithTheirFormToken() async throws {
        let test = try await TestApplication.make(settings: ["http.publicUrl": .string("https://accord.example.com")])
        try await test.application.test(.router) { client in
            let page = try await client.execute(uri: "/p/demo/preferences", method: .get) { $0 }
            let html = String(buffer: page.body)
            let visitor = try #require(html.range(of: #"data-visitor=""#).map { String(html[$0.upperBound...].prefix(35)) })
            let tokenStart = try #require(html.range(of: #"data-form-token=""#)?.upperBound)
            let token = String(html[tokenStart...].prefix { $0 != "\"" })
            let binding = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") })
            #expect(binding.contains("HttpOnly") && binding.contains("SameSite=Strict") && binding.contains("Secure"))
            let body = #"{"subject":"\#(visitor)","choices":{"analytics":"granted"},"source":"preferenceCenter"}"#
            var sameOrigin = accordOrigin
            sameOrigin[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let bare = try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: sameOrigin)
            #expect(bare.status == .forbidden)
            sameOrigin[HTTPField.Name("X-Accord-Form-Token")!] = token
            sameOrigin[.cookie] = String(binding.split(separator: ";")[0])
            let recorded = try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: sameOrigin)
            #expect(recorded.status == .created)
            #expect(recorded.headers[.accessControlAllowOrigin] == nil)
            var foreign = sameOrigin
            foreign[.origin] = "https://elsewhere.example"
            foreign[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: foreign).status == .forbidden)
        }
    }
}
