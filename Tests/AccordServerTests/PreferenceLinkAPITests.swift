import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Preference links for known subjects: issued with an API key, opened by the person, saved under their id.
@Suite struct PreferenceLinkAPITests {
    let issue = "/v1/properties/demo/subjects/ada%40example.com/preference-link"
    let sameOrigin: HTTPFields = [HTTPField.Name("Sec-Fetch-Site")!: "same-origin", .contentType: "application/x-www-form-urlencoded"]

    func hidden(_ name: String, in html: String) throws -> String {
        let marker = #"name="\#(name)" value=""#
        let start = try #require(html.range(of: marker)).upperBound
        return String(html[start...].prefix { $0 != "\"" })
    }

    /// The path and query of the issued URL, which starts with the public URL.
    func pathOf(_ url: String) throws -> String {
        let components = try #require(URLComponents(string: url))
        return components.path + "?" + (components.percentEncodedQuery ?? "")
    }

    @Test func personOpensTheLinkSeesTheirChoicesAndChangesThem() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let writer = try await test.key([.consentsWrite, .consentsRead])
            let recorded = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"ada@example.com","choices":{"marketing":"granted","analytics":"denied"},"source":"api"}"#,
                headers: bearer(writer))
            #expect(recorded.status == .created)
            let issued = try await client.send(.post, issue, json: #"{"expiresInDays":7,"locale":"de"}"#, headers: bearer(writer))
            #expect(issued.status == .created)
            let url = try #require(issued.body["url"] as? String)
            #expect(url.contains("/p/demo/preferences?link=") && url.hasSuffix("&locale=de"))
            #expect(!url.contains("ada") && !url.contains("example.com"))
            let expires = try #require((issued.body["expiresAt"] as? String).flatMap { Date(rfc3339: $0) })
            #expect(abs(expires.timeIntervalSinceNow - 7 * 86_400) < 60)

            let path = try pathOf(url)
            let page = try await client.execute(uri: path, method: .get) { $0 }
            #expect(page.status == .ok)
            #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            let html = String(buffer: page.body)
            let binding = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") })
            var withBinding = sameOrigin
            withBinding[.cookie] = String(binding.split(separator: ";")[0])
            #expect(html.contains(#"value="marketing" id="pc-marketing" checked"#))
            #expect(!html.contains(#"value="analytics" id="pc-analytics" checked"#))
            #expect(!html.contains("/sdk/accord.js"), "the SDK would act for the anonymous browser")
            #expect(html.contains("(v1, api)"))
            let link = try hidden("link", in: html)
            let csrf = try hidden("csrf", in: html)

            let saved = try await client.execute(
                uri: "/p/demo/preferences?locale=de", method: .post, headers: withBinding,
                body: ByteBuffer(string: "link=\(link)&csrf=\(csrf)&purpose=analytics&action=save")
            ) { $0 }
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.setCookie] == nil)
            #expect(saved.headers[.location] == "/p/demo/preferences?link=\(link)&saved=1&locale=de")
            let state = try await client.send(.get, "/v1/properties/demo/subjects/ada%40example.com/consents", headers: bearer(writer))
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["analytics"]?["status"] as? String == "granted")
            #expect(purposes["marketing"]?["status"] as? String == "denied")
            let after = try await client.execute(uri: try #require(saved.headers[.location]), method: .get) { String(buffer: $0.body) }
            #expect(after.contains("role=\"status\""))
            #expect(after.contains("(v1, preferenceCenter)"))
            let events = try await client.send(.get, "/v1/properties/demo/subjects/ada%40example.com/events", headers: bearer(writer))
            let latest = try #require((events.body["events"] as? [[String: Any]])?.first)
            #expect(latest["authentication"] as? [String: String] == ["method": "preferenceLink"])
            // The link's page in a browser without the cookie it was given: refused.
            let elsewhere = try await client.execute(
                uri: "/p/demo/preferences", method: .post, headers: sameOrigin,
                body: ByteBuffer(string: "link=\(link)&csrf=\(csrf)&action=withdraw-all")
            ) { $0 }
            #expect(elsewhere.status == .forbidden)

            let forged = try await client.execute(
                uri: "/p/demo/preferences", method: .post, headers: withBinding,
                body: ByteBuffer(string: "link=\(link)&csrf=\(String(repeating: "0", count: 64))&action=withdraw-all")
            ) { $0 }
            #expect(forged.status == .forbidden)
        }
    }

    @Test func badLinksAndBadRequestsAreRefusedClearly() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let reader = try await test.key([.consentsRead])
            #expect(try await client.send(.post, issue, headers: bearer(reader)).status == .forbidden)
            #expect(try await client.send(.post, issue).status == .unauthorized)
            let writer = try await test.key([.consentsWrite])
            for (json, field) in [
                (#"{"expiresInDays":0}"#, "expiresInDays"), (#"{"expiresInDays":91}"#, "expiresInDays"), (#"{"locale":"!!"}"#, "locale"),
            ] {
                let refused = try await client.send(.post, issue, json: json, headers: bearer(writer))
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body.errorField == field)
            }
            let issued = try await client.send(.post, issue, headers: bearer(writer))
            let path = try pathOf(try #require(issued.body["url"] as? String))
            #expect(try await client.execute(uri: path, method: .get) { $0.status } == .ok)
            let tampered = path.replacingOccurrences(of: "link=A", with: "link=B").replacingOccurrences(of: "link=", with: "link=x")
            let invalid = try await client.execute(uri: tampered, method: .get) { $0 }
            #expect(invalid.status == .forbidden)
            #expect(String(buffer: invalid.body).contains("not valid"))
            #expect(
                try await client.execute(uri: path.replacingOccurrences(of: "/p/demo/", with: "/p/nope/"), method: .get) { $0.status } == .notFound)
            let stale = try test.services.preferenceLinks.seal(subject: "ada@example.com", property: "demo", expires: Date() - 1)
            let expired = try await client.execute(uri: "/p/demo/preferences?link=\(stale)", method: .get) { $0 }
            #expect(expired.status == .gone)
            #expect(String(buffer: expired.body).contains("expired"))
        }
    }
}
