import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SubjectAPITests {
    func record(_ client: some TestClientProtocol, subject: String, _ choices: String, key: String) async throws {
        let response = try await client.send(
            .post, "/v1/properties/demo/consents", json: #"{"subject":"\#(subject)","choices":\#(choices),"source":"api"}"#,
            headers: bearer(key))
        #expect(response.status == .created)
    }

    @Test func currentStateAndHistoryOfAPercentEncodedSubject() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await record(client, subject: "alice@example.com", #"{"analytics":"granted","marketing":"granted"}"#, key: test.adminKey)
            try await record(client, subject: "alice@example.com", #"{"marketing":"denied"}"#, key: test.adminKey)
            let state = try await client.send(.get, "/v1/properties/demo/subjects/alice%40example.com/consents", headers: bearer(test.adminKey))
            #expect(state.status == .ok)
            #expect(state.body["subject"] as? String == "alice@example.com")
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(Set(purposes.keys) == ["necessary", "analytics", "marketing", "personalization"])
            #expect(purposes["analytics"]?["status"] as? String == "granted")
            #expect(purposes["marketing"]?["status"] as? String == "denied")
            #expect(purposes["marketing"]?["policyVersion"] as? Int == 1)
            #expect(purposes["personalization"]?["status"] as? String == "unset")
            #expect(purposes["personalization"]?.keys.contains("since") == true)

            let page1 = try await client.send(.get, "/v1/properties/demo/subjects/alice%40example.com/events?limit=1", headers: bearer(test.adminKey))
            let events1 = try #require(page1.body["events"] as? [[String: Any]])
            #expect(events1.count == 1)
            #expect((events1[0]["choices"] as? [String: String]) == ["marketing": "denied"])
            #expect(events1[0]["source"] as? String == "api")
            let cursor = try #require(page1.body["nextCursor"] as? String)
            let page2 = try await client.send(
                .get, "/v1/properties/demo/subjects/alice%40example.com/events?limit=1&cursor=\(cursor)", headers: bearer(test.adminKey))
            let events2 = try #require(page2.body["events"] as? [[String: Any]])
            #expect((events2[0]["choices"] as? [String: String]) == ["analytics": "granted", "marketing": "granted"])
            let page3 = try await client.send(
                .get, "/v1/properties/demo/subjects/alice%40example.com/events?limit=1&cursor=\(page2.body["nextCursor"] as? String ?? "")",
                headers: bearer(test.adminKey))
            #expect((page3.body["events"] as? [Any])?.isEmpty == true)
            #expect(page3.body["nextCursor"] is NSNull)
        }
    }

    @Test func withdrawDeniesEveryNonRequiredPurposeByDefault() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await record(client, subject: "w", #"{"analytics":"granted","marketing":"granted","personalization":"granted"}"#, key: test.adminKey)
            let all = try await client.send(.post, "/v1/properties/demo/subjects/w/withdraw", headers: bearer(test.adminKey))
            #expect(all.status == .created)
            let purposes = try #require((all.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]])
            #expect(purposes["analytics"]?["status"] as? String == "denied")
            #expect(purposes["personalization"]?["status"] as? String == "denied")
            #expect(purposes["necessary"]?["status"] as? String == "unset")
            let some = try await client.send(
                .post, "/v1/properties/demo/subjects/w2/withdraw", json: #"{"purposes":["marketing"]}"#, headers: bearer(test.adminKey))
            let somePurposes = try #require((some.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]])
            #expect(somePurposes["marketing"]?["status"] as? String == "denied")
            #expect(somePurposes["analytics"]?["status"] as? String == "unset")
            let unknown = try await client.send(
                .post, "/v1/properties/demo/subjects/w/withdraw", json: #"{"purposes":["ads"]}"#, headers: bearer(test.adminKey))
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.body.errorField == "purposes")
            let reader = try await test.key([.consentsRead])
            #expect(try await client.send(.post, "/v1/properties/demo/subjects/w/withdraw", headers: bearer(reader)).status == .forbidden)
        }
    }

    @Test func checkAnswersManySubjectsWithRegimeDefaults() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await record(client, subject: "yes", #"{"analytics":"granted","marketing":"denied"}"#, key: test.adminKey)
            let subjects = ["yes", "never-seen"] + (0..<998).map { "s\($0)" }
            let body = try String(
                decoding: JSONSerialization.data(withJSONObject: ["subjects": subjects, "purposes": ["analytics", "marketing", "necessary"]]),
                as: UTF8.self)
            let response = try await client.send(.post, "/v1/properties/demo/check", json: body, headers: bearer(test.adminKey))
            #expect(response.status == .ok)
            let results = try #require(response.body["results"] as? [String: [String: Bool]])
            #expect(results.count == 1_000)
            #expect(results["yes"] == ["analytics": true, "marketing": false, "necessary": true])
            #expect(results["never-seen"] == ["analytics": false, "marketing": false, "necessary": true])
        }
    }

    @Test func checkRefusesBadRequests() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let tooMany = try String(decoding: JSONSerialization.data(withJSONObject: ["subjects": (0...1_000).map { "s\($0)" }]), as: UTF8.self)
            let many = try await client.send(.post, "/v1/properties/demo/check", json: tooMany, headers: bearer(test.adminKey))
            #expect(many.status == .unprocessableContent)
            #expect(many.body.errorField == "subjects")
            let unknown = try await client.send(
                .post, "/v1/properties/demo/check", json: #"{"subjects":["a"],"purposes":["analytics","ads"]}"#, headers: bearer(test.adminKey))
            #expect(unknown.body.errorField == "purposes[1]")
            let empty = try await client.send(.post, "/v1/properties/demo/check", json: #"{"subjects":["a",""]}"#, headers: bearer(test.adminKey))
            #expect(empty.body.errorField == "subjects[1]")
            #expect(try await client.send(.post, "/v1/properties/demo/check", json: #"{"subjects":["a"]}"#).status == .unauthorized)
        }
    }
}
