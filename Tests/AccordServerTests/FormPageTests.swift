import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The hosted form without JavaScript: a plain form with a CSRF token bound to the browser, problems beside their
/// fields, and a receipt page once recorded.
@Suite struct FormPageTests {
    let page = "/p/demo/forms/signup"

    func hidden(_ name: String, in html: String) throws -> String {
        let marker = #"name="\#(name)" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    func publish(_ client: some TestClientProtocol, _ test: TestApplication, form: String = FormsAPITests.form) async throws {
        let admin = bearer(test.adminKey)
        _ = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: form, headers: admin)
        #expect(try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin).status == .created)
    }

    func get(_ client: some TestClientProtocol) async throws -> (html: String, binding: String) {
        try await client.execute(uri: page, method: .get) { response in
            let binding = response.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") }
            return (String(buffer: response.body), binding.map { String($0.split(separator: ";")[0]) } ?? "")
        }
    }

    func post(_ client: some TestClientProtocol, _ body: String, cookie: String, origin: String = "http://127.0.0.1:8080")
        async throws -> (status: HTTPResponse.Status, html: String)
    {
        let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: origin, .cookie: cookie]
        return try await client.execute(uri: page, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test func theFormRecordsAFormEventAndShowsAVerifiableReceipt() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publish(client, test)
            let (html, binding) = try await get(client)
            #expect(html.contains("Stay in touch"))
            #expect(html.contains(#"name="item.research""#) && html.contains(#"name="item.signature.name""#))
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            let body =
                "visitor=\(visitor)&csrf=\(token)&version=1&item.research=on&item.dob=1990-05-01"
                + "&item.signature.name=Ada+Lovelace&item.signature.attested=on"
            let done = try await post(client, body, cookie: binding)
            #expect(done.status == .created)
            let receipt = try #require(
                done.html.range(of: #"<pre id="accord-receipt">"#).map { String(done.html[$0.upperBound...].prefix { $0 != "<" }) })
            let claims = try ReceiptVerifier.verify(receipt, keys: test.services.recorder.publicKeys)
            #expect(claims.choices == ["analytics": .granted, "marketing": .denied])
            #expect(claims.form?.form == "signup")
            let key = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitor)/events", headers: bearer(key))
            let event = try #require((events.body["events"] as? [[String: Any]])?.first)
            #expect(event["source"] as? String == "form")
            #expect((event["authentication"] as? [String: String])?["origin"] == "http://127.0.0.1:8080")
        }
    }

    @Test func aRefusedSubmissionShowsEachProblemBesideItsFieldAndStoresNothing() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publish(client, test)
            let (html, binding) = try await get(client)
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            let refused = try await post(client, "visitor=\(visitor)&csrf=\(token)&item.dob=1990-05-01", cookie: binding)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.html.contains(#"role="alert""#))
            #expect(refused.html.contains(#"id="accord-item-research-error""#))
            #expect(refused.html.contains(#"id="accord-item-signature-error""#))
            #expect(refused.html.contains(#"value="1990-05-01""#))
            let key = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitor)/events", headers: bearer(key))
            #expect((events.body["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aPostFromElsewhereOrWithoutTheBrowsersTokenIsRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publish(client, test)
            let (html, binding) = try await get(client)
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            let body =
                "visitor=\(visitor)&csrf=\(token)&item.research=on&item.dob=1990-05-01"
                + "&item.signature.name=Ada&item.signature.attested=on"
            #expect(try await post(client, body, cookie: binding, origin: "https://evil.example").status == .forbidden)
            #expect(try await post(client, body, cookie: "accord_csrf=other").status == .forbidden)
            #expect(try await client.execute(uri: "/p/demo/forms/nope", method: .get) { $0.status } == .notFound)
        }
    }
}
