import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Two admins editing one property: `ETag` on reads, `If-Match` on writes, so no edit silently undoes another.
@Suite struct AdminConditionalEditTests {
    @Test func staleIfMatchIsRefusedAndNothingIsLost() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let read = try await client.send(.get, "/v1/admin/properties/demo", headers: admin)
            let tag = try #require(read.headers[.eTag])
            #expect(tag.hasPrefix("\"") && tag.count == 34)
            // Alice saves first, naming the version she read.
            var alice = admin
            alice[.ifMatch] = tag
            let first = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"name":"Alice's shop"}"#, headers: alice)
            #expect(first.status == .ok)
            let newTag = try #require(first.headers[.eTag])
            #expect(newTag != tag)
            // Bob read the same version: his edit is refused, for every kind of property edit.
            let bob = alice
            let stale = try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"name":"Bob's shop"}"#, headers: bob)
            #expect(stale.status == .preconditionFailed)
            #expect(stale.body.errorCode == "etag_mismatch")
            let texts = try await client.send(
                .put, "/v1/admin/properties/demo/texts/en", json: #"{"title":"Bob"}"#, headers: bob)
            #expect(texts.status == .preconditionFailed)
            let purpose = try await client.send(.delete, "/v1/admin/properties/demo/purposes/personalization", headers: bob)
            #expect(purpose.status == .preconditionFailed)
            let now = try await client.send(.get, "/v1/admin/properties/demo", headers: admin)
            #expect(now.body["name"] as? String == "Alice's shop")
            #expect(now.headers[.eTag] == newTag)
            // With the current tag, or `*`, or none at all, edits go through.
            var current = admin
            current[.ifMatch] = newTag
            #expect(try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"name":"Shop"}"#, headers: current).status == .ok)
            current[.ifMatch] = "*"
            #expect(try await client.send(.put, "/v1/admin/properties/demo/texts/en", json: #"{"title":"T"}"#, headers: current).status == .ok)
            #expect(try await client.send(.patch, "/v1/admin/properties/demo", json: #"{"name":"Shop 2"}"#, headers: admin).status == .ok)
            // The audit trail holds one entry per saved edit, none for the refused ones.
            let audit = try await client.send(.get, "/v1/admin/properties/demo/audit", headers: admin)
            let actions = (audit.body["entries"] as? [[String: Any]])?.compactMap { $0["action"] as? String } ?? []
            #expect(actions.prefix(4) == ["property.update", "texts.update", "property.update", "property.update"])
        }
    }
}
