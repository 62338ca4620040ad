import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The hosted preference center without JavaScript: a plain form with a CSRF token that writes the SDK's cookie.
@Suite struct PreferenceFormTests {
    let page = "/p/demo/preferences"

    func hidden(_ name: String, in html: String) throws -> String {
        let marker = #"name="\#(name)" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    /// The page as a fresh browser sees it, and the `accord_csrf=...` cookie it was given with its form token.
    func get(_ client: some TestClientProtocol, cookie: String? = nil) async throws -> (html: String, binding: String) {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: page, method: .get, headers: headers) { response in
            let binding = response.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") }
            return (String(buffer: response.body), binding.map { String($0.split(separator: ";")[0]) } ?? "")
        }
    }

    /// Posts the form as a browser on Accord's own page would: with its Origin and the given cookies.
    func post(
        _ client: some TestClientProtocol, _ body: String, cookies: [String], headers: HTTPFields = [:],
        origin: String? = "http://127.0.0.1:8080"
    ) async throws -> TestResponse {
        var all = headers
        all[.contentType] = "application/x-www-form-urlencoded"
        if let origin, all[.origin] == nil { all[.origin] = origin }
        if !cookies.isEmpty { all[.cookie] = cookies.joined(separator: "; ") }
        return try await client.execute(uri: page, method: .post, headers: all, body: ByteBuffer(string: body)) { $0 }
    }

    @Test func formRecordsTheChoiceAndWritesTheSDKCookie() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let (html, binding) = try await get(client)
            #expect(html.contains(#"<form method="post""#))
            #expect(!html.contains(#"value="analytics" id="pc-analytics" checked"#))
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            #expect(visitor.hasPrefix("av_") && visitor.count == 35)
            // The SDK on this page writes for the same visitor with the same token.
            #expect(html.contains(#"data-visitor="\#(visitor)" data-form-token="\#(token)""#))
            let response = try await post(
                client, "visitor=\(visitor)&csrf=\(token)&purpose=analytics&action=save", cookies: [binding])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/p/demo/preferences?saved=1")
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))
            let value = try #require(setCookie.split(separator: ";").first?.dropFirst("accord_consent=".count))
            let decoded = try #require(String(value).removingPercentEncoding)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(decoded.utf8)) as? [String: Any])
            #expect(json["id"] as? String == visitor)
            #expect(json["c"] as? [String: Int] == ["analytics": 1, "marketing": 0, "personalization": 0])
            #expect(json["v"] as? Int == 1)
            let key = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitor)/events", headers: bearer(key))
            let event = try #require((events.body["events"] as? [[String: Any]])?.first)
            #expect(event["source"] as? String == "preferenceCenter")
            #expect(event["id"] as? String == json["e"] as? String)
            let authentication = try #require(event["authentication"] as? [String: String])
            #expect(authentication == ["method": "keyless", "origin": "http://127.0.0.1:8080"])

            let consentCookie = String(setCookie.split(separator: ";")[0])
            let again = try await get(client, cookie: consentCookie + "; " + binding)
            #expect(again.html.contains(#"value="analytics" id="pc-analytics" checked"#))
            #expect(!again.html.contains(#"value="marketing" id="pc-marketing" checked"#))
            #expect(try hidden("visitor", in: again.html) == visitor)
            #expect(again.binding == binding)
        }
    }

    @Test func forgedOrCrossSitePostsAreRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let (html, binding) = try await get(client)
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            let form = "visitor=\(visitor)&csrf=\(token)&action=save"
            let other = "av_" + String(repeating: "0", count: 32)
            #expect(try await post(client, "visitor=\(other)&csrf=\(token)&action=save", cookies: [binding]).status == .forbidden)
            #expect(try await post(client, "visitor=\(visitor)&csrf=nope&action=save", cookies: [binding]).status == .forbidden)
            let crossSite: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
            #expect(try await post(client, form, cookies: [binding], headers: crossSite).status == .forbidden)
            let someoneElse = #"accord_consent=%7B%22id%22%3A%22\#(other)%22%2C%22c%22%3A%7B%7D%7D"#
            #expect(try await post(client, form, cookies: [binding, someoneElse]).status == .forbidden)
            #expect(try await post(client, "visitor=\(visitor)&csrf=\(token)&action=withdraw-all", cookies: [binding]).status == .seeOther)
        }
    }

    /// A browser that sends no `Sec-Fetch-Site` and has no cookie yet, made to post a form another site copied
    /// from its own visit: refused, and no visitor cookie is planted.
    @Test func crossSiteAutoSubmittedFormPlantsNoVisitor() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let attacker = try await get(client)
            let form = "visitor=\(try hidden("visitor", in: attacker.html))&csrf=\(try hidden("csrf", in: attacker.html))&action=save"
            // The victim's browser has neither the attacker's accord_csrf cookie nor a consent cookie.
            for origin in ["https://evil.example", "null", "http://127.0.0.1:8080"] {
                let response = try await post(client, form, cookies: [], origin: origin)
                #expect(response.status == .forbidden, "origin \(origin)")
                #expect(response.headers[.setCookie] == nil)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            // Another browser's binding does not fit the token either.
            let victim = try await get(client)
            #expect(try await post(client, form, cookies: [victim.binding]).status == .forbidden)
            // No Origin at all: the Referer must name Accord's own page.
            #expect(try await post(client, form, cookies: [attacker.binding], origin: nil).status == .forbidden)
            let referred: HTTPFields = [.referer: "http://127.0.0.1:8080/p/demo/preferences"]
            #expect(
                try await post(client, form, cookies: [attacker.binding], headers: referred, origin: nil).status == .seeOther)
        }
    }
}
