import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct IdentityAPITests {
    let browser: HTTPFields = [.origin: "http://localhost:3000"]
    let visitorA = "av_" + String(repeating: "a1", count: 16)
    let visitorB = "av_" + String(repeating: "b2", count: 16)

    func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }

    @Test func identitySecretIsShownOnceAndReplacedOnEachRequest() async throws {
        let test = try await TestApplication.make()
        let reader = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            let first = try await client.send(.post, "/v1/admin/properties/demo/identity-secret", headers: bearer(test.adminKey))
            #expect(first.status == .created)
            let secret = try #require(first.body["secret"] as? String)
            #expect(secret.hasPrefix("idsec_") && secret.count == 49 && first.body["algorithm"] as? String == "HS256")
            let second = try await client.send(.post, "/v1/admin/properties/demo/identity-secret", headers: bearer(test.adminKey))
            #expect(second.body["secret"] as? String != secret)
            let refused = try await client.send(.post, "/v1/admin/properties/demo/identity-secret", headers: bearer(reader))
            #expect(refused.status == .forbidden)
            let missing = try await client.send(.post, "/v1/admin/properties/nope/identity-secret", headers: bearer(test.adminKey))
            #expect(missing.status == .notFound)
        }
    }

    /// A browser links itself with a token from the site's backend; a choice made later on another linked
    /// browser is what the first one's state endpoint answers.
    @Test func linkedBrowsersShareTheSubjectsChoices() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let made = try await client.send(.post, "/v1/admin/properties/demo/identity-secret", headers: bearer(test.adminKey))
            let secret = Array(try #require(made.body["secret"] as? String).utf8)
            let token = IdentifyToken.sign(subject: "user-7", property: "demo", expiresAt: Date().addingTimeInterval(600), key: secret)
            let grant = #"{"subject": "\#(visitorA)", "choices": {"analytics": "granted", "marketing": "denied"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: grant, headers: browser).status == .created)
            let linkA = try await client.send(
                .post, "/v1/properties/demo/subjects/user-7/links", json: #"{"visitor": "\#(visitorA)", "token": "\#(token)"}"#,
                headers: browser)
            #expect(linkA.status == .created)
            let state = try #require((linkA.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]])
            #expect(state["analytics"]?["status"] as? String == "granted")
            let again = try await client.send(
                .post, "/v1/properties/demo/subjects/user-7/links", json: #"{"visitor": "\#(visitorA)", "token": "\#(token)"}"#,
                headers: browser)
            #expect(again.status == .ok)
            let linkB = try await client.send(
                .post, "/v1/properties/demo/subjects/user-7/links", json: #"{"visitor": "\#(visitorB)"}"#,
                headers: bearer(test.adminKey))
            #expect(linkB.status == .created)
            let onB = #"{"subject": "\#(visitorB)", "choices": {"marketing": "granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: onB, headers: browser).status == .created)
            let seenOnA = try await client.send(.get, "/v1/properties/demo/visitors/\(visitorA)/state", headers: browser)
            #expect(seenOnA.body["linked"] as? Bool == true)
            let purposes = try #require(seenOnA.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["marketing"]?["status"] as? String == "granted")
            #expect(purposes["analytics"]?["status"] as? String == "granted")
            let history = try await client.send(.get, "/v1/properties/demo/subjects/user-7/events", headers: bearer(test.adminKey))
            let events = try #require(history.body["events"] as? [[String: Any]])
            let linked = events.filter { $0["kind"] as? String == "linked" }
            #expect(linked.count == 2 && linked.allSatisfy { ($0["linkedSubject"] as? String)?.count == 64 })
            #expect(linked.allSatisfy { $0["source"] as? String == "link" })
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }

    @Test func forgedExpiredForeignOrMissingTokenIsRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let made = try await client.send(.post, "/v1/admin/properties/demo/identity-secret", headers: bearer(test.adminKey))
            let secret = Array(try #require(made.body["secret"] as? String).utf8)
            let now = Date()
            let tokens = [
                IdentifyToken.sign(subject: "user-7", property: "demo", expiresAt: now.addingTimeInterval(600), key: Array("forged".utf8)),
                IdentifyToken.sign(subject: "user-7", property: "demo", expiresAt: now.addingTimeInterval(-1), key: secret),
                IdentifyToken.sign(subject: "user-7", property: "other", expiresAt: now.addingTimeInterval(600), key: secret),
                IdentifyToken.sign(subject: "user-7", property: "demo", expiresAt: now.addingTimeInterval(25 * 3_600), key: secret),
                IdentifyToken.sign(subject: "user-8", property: "demo", expiresAt: now.addingTimeInterval(600), key: secret),
                "not-a-token",
            ]
            for token in tokens {
                let answer = try await client.send(
                    .post, "/v1/properties/demo/subjects/user-7/links", json: #"{"visitor": "\#(visitorA)", "token": "\#(token)"}"#,
                    headers: browser)
                #expect(answer.status == .unauthorized)
                #expect(answer.body.error?["code"] as? String == "identify_token_invalid")
                #expect(answer.body.error?["field"] as? String == "token")
            }
            let without = try await client.send(
                .post, "/v1/properties/demo/subjects/user-7/links", json: #"{"visitor": "\#(visitorA)"}"#, headers: browser)
            #expect(without.status == .unauthorized)
            let state = try await client.send(.get, "/v1/properties/demo/visitors/\(visitorA)/state", headers: browser)
            #expect(state.body["linked"] as? Bool == false)
        }
    }
}
