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

    func get(_ client: some TestClientProtocol, cookie: String? = nil) async throws -> String {
        var headers = HTTPFields()
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: page, method: .get, headers: headers) { String(buffer: $0.body) }
    }

    func post(_ client: some TestClientProtocol, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = headers
        all[.contentType] = "application/x-www-form-urlencoded"
        return try await client.execute(uri: page, method: .post, headers: all, body: ByteBuffer(string: body)) { $0 }
    }

    @Test func formRecordsTheChoiceAndWritesTheSDKCookie() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let html = try await get(client)
            #expect(html.contains(#"<form method="post""#))
            #expect(!html.contains(#"value="analytics" id="pc-analytics" checked"#))
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            #expect(visitor.hasPrefix("av_") && visitor.count == 35)
            let response = try await post(
                client, "visitor=\(visitor)&csrf=\(token)&purpose=analytics&action=save", headers: [HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
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

            let again = try await get(client, cookie: String(setCookie.split(separator: ";")[0]))
            #expect(again.contains(#"value="analytics" id="pc-analytics" checked"#))
            #expect(!again.contains(#"value="marketing" id="pc-marketing" checked"#))
            #expect(try hidden("visitor", in: again) == visitor)
        }
    }

    @Test func forgedOrCrossSitePostsAreRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let html = try await get(client)
            let visitor = try hidden("visitor", in: html)
            let token = try hidden("csrf", in: html)
            let other = "av_" + String(repeating: "0", count: 32)
            #expect(try await post(client, "visitor=\(other)&csrf=\(token)&action=save").status == .forbidden)
            #expect(try await post(client, "visitor=\(visitor)&csrf=nope&action=save").status == .forbidden)
            let crossSite: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"]
            #expect(try await post(client, "visitor=\(visitor)&csrf=\(token)&action=save", headers: crossSite).status == .forbidden)
            let someoneElse: HTTPFields = [.cookie: #"accord_consent=%7B%22id%22%3A%22\#(other)%22%2C%22c%22%3A%7B%7D%7D"#]
            #expect(try await post(client, "visitor=\(visitor)&csrf=\(token)&action=save", headers: someoneElse).status == .forbidden)
            #expect(try await post(client, "visitor=\(visitor)&csrf=\(token)&action=withdraw-all").status == .seeOther)
        }
    }
}
