import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Keys with an expiry, a creator and a last use: an expired key is refused at once, a used one says when.
@Suite struct KeyExpiryTests {
    @Test func expiredKeyIsRefusedAndAFutureExpiryWorksUntilThen() async throws {
        let test = try await TestApplication.make()
        let expired = APIKey.generate(name: "old", scopes: [.consentsRead], at: Date(), expiresAt: Date().addingTimeInterval(-1))
        let current = APIKey.generate(name: "new", scopes: [.consentsRead], at: Date(), expiresAt: Date().addingTimeInterval(3600))
        try await test.services.store.saveAPIKey(expired.key)
        try await test.services.store.saveAPIKey(current.key)
        try await test.application.test(.router) { client in
            let refused = try await client.send(.get, "/v1/properties/demo/subjects/a/consents", headers: bearer(expired.token))
            #expect(refused.status == .unauthorized)
            #expect(refused.body.error?["code"] as? String == "key_expired")
            let allowed = try await client.send(.get, "/v1/properties/demo/subjects/a/consents", headers: bearer(current.token))
            #expect(allowed.status == .ok)
        }
    }

    @Test func keyCreatedWithAnExpiryListsItsExpiryCreatorAndLastUse() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let bad = try await client.send(
                .post, "/v1/admin/keys", json: #"{"scopes":["consents:read"],"expiresAt":"soon"}"#, headers: bearer(test.adminKey))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.error?["field"] as? String == "expiresAt")
            // A time already past makes a key refused from the start.
            let past = try await client.send(
                .post, "/v1/admin/keys", json: #"{"scopes":["consents:read"],"expiresAt":"2001-01-01T00:00:00Z"}"#,
                headers: bearer(test.adminKey))
            #expect(past.status == .created)
            let stillborn = try await client.send(
                .get, "/v1/properties/demo/subjects/a/consents", headers: bearer(past.body["key"] as? String ?? ""))
            #expect(stillborn.status == .unauthorized)
            let created = try await client.send(
                .post, "/v1/admin/keys", json: #"{"name":"crm","scopes":["consents:read"],"expiresAt":"2099-01-01T00:00:00Z"}"#,
                headers: bearer(test.adminKey))
            #expect(created.status == .created)
            #expect(created.body["expiresAt"] as? String == "2099-01-01T00:00:00.000Z")
            let token = try #require(created.body["key"] as? String)
            let used = try await client.send(.get, "/v1/properties/demo/subjects/a/consents", headers: bearer(token))
            #expect(used.status == .ok)
            let listed = try await client.send(.get, "/v1/admin/keys", headers: bearer(test.adminKey))
            let keys = try #require(listed.body["keys"] as? [[String: Any]])
            let crm = try #require(keys.first { $0["prefix"] as? String == String(token.prefix(10)) })
            #expect(crm["expiresAt"] as? String == "2099-01-01T00:00:00.000Z")
            #expect((crm["createdBy"] as? String)?.hasPrefix("key:") == true)
            #expect(crm["lastUsedAt"] is String)
            let admin = try #require(keys.first { $0["prefix"] as? String == String(test.adminKey.prefix(10)) })
            #expect(admin["createdBy"] as? String == "bootstrap")
            #expect(admin["expiresAt"] is NSNull)
        }
    }
}
