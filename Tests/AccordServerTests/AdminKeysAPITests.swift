import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

@Suite struct AdminKeysAPITests {
    @Test func keyCreatedByTheAPIWorksUntilRevokedThenIsRefusedAtOnce() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, "/v1/admin/keys", json: #"{"name":"crm","scopes":["consents:read"]}"#, headers: bearer(test.adminKey))
            #expect(created.status == .created)
            let key = try #require(created.body["key"] as? String)
            let prefix = try #require(created.body["prefix"] as? String)
            #expect(key.hasPrefix(prefix))
            #expect((created.body["name"] as? String)?.hasPrefix("crm (by key:") == true)
            let listed = try await client.send(.get, "/v1/admin/keys", headers: bearer(test.adminKey))
            let keys = try #require(listed.body["keys"] as? [[String: Any]])
            #expect(keys.contains { $0["prefix"] as? String == prefix && $0["scopes"] as? [String] == ["consents:read"] })
            #expect(!String(describing: listed.body).contains(key))
            #expect(try await client.send(.get, "/v1/properties/demo/subjects/x/consents", headers: bearer(key)).status == .ok)
            #expect(try await client.send(.delete, "/v1/admin/keys/\(prefix)", headers: bearer(test.adminKey)).status == .noContent)
            #expect(try await client.send(.get, "/v1/properties/demo/subjects/x/consents", headers: bearer(key)).status == .unauthorized)
            let again = try await client.send(.delete, "/v1/admin/keys/\(prefix)", headers: bearer(test.adminKey))
            #expect(again.status == .notFound)
            #expect(again.body.errorCode == "key_not_found")
            let itself = try await client.send(.delete, "/v1/admin/keys/\(test.adminKey.prefix(10))", headers: bearer(test.adminKey))
            #expect(itself.status == .conflict)
            #expect(itself.body.errorCode == "key_revokes_itself")
        }
    }

    @Test(
        arguments: [
            (#"{"scopes":[]}"#, "scopes_missing", "scopes"), (#"{"scopes":["everything"]}"#, "scope_unknown", "scopes[0]"),
            (#"{"name":"x","scopes":"admin"}"#, nil, "scopes"),
        ] as [(String, String?, String)])
    func badKeyRequestsNameTheField(_ body: String, _ code: String?, _ field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let refused = try await client.send(.post, "/v1/admin/keys", json: body, headers: bearer(test.adminKey))
            #expect(refused.status == .unprocessableContent)
            if let code { #expect(refused.body.errorCode == code) }
            #expect(refused.body.errorField == field)
        }
    }
}
