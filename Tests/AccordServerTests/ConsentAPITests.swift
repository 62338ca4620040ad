import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ConsentAPITests {
    let consents = "/v1/properties/demo/consents"

    @Test func browserOnAllowedOriginRecordsAndGetsReceiptAndState() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(
                .post, consents,
                json: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted","marketing":"denied"},"source":"banner","region":"DE-BY"}"#,
                headers: localOrigin)
            #expect(response.status == .created)
            #expect(response.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let event = try #require(response.body["event"] as? [String: Any])
            #expect((event["hash"] as? String)?.count == 64)
            let receipt = try #require(response.body["receipt"] as? String)
            let claims = try ReceiptVerifier.verify(receipt, keys: test.services.recorder.publicKeys)
            #expect(claims.jti == event["id"] as? String)
            #expect(!receipt.contains("alice"))
            let purposes = try #require((response.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]])
            #expect(purposes["analytics"]?["status"] as? String == "granted")
            #expect(purposes["marketing"]?["status"] as? String == "denied")
            #expect(purposes["personalization"]?["status"] as? String == "unset")
        }
    }

    @Test func sameIdempotencyKeyStoresOnceAndAnswersTheSame() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitorB)","choices":{"analytics":"granted"}}"#
            var headers = localOrigin
            headers[HTTPField.Name("Idempotency-Key")!] = "retry-1"
            let first = try await client.send(.post, consents, json: body, headers: headers)
            let second = try await client.send(.post, consents, json: body, headers: headers)
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(NSDictionary(dictionary: first.body).isEqual(to: second.body))
            let other = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorB)","choices":{"analytics":"denied"}}"#, headers: headers)
            #expect(other.status == .unprocessableContent)
            #expect(other.body.errorCode == "idempotency_key_reused")
            let key = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitorB)/events", headers: bearer(key))
            #expect((events.body["events"] as? [Any])?.count == 1)
        }
    }

    @Test func idempotencyKeyInBodyWorksLikeTheHeader() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitorC)","choices":{"marketing":"granted"},"idempotencyKey":"body-key"}"#
            let first = try await client.send(.post, consents, json: body, headers: localOrigin)
            let second = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect((first.body["event"] as? [String: Any])?["id"] as? String == (second.body["event"] as? [String: Any])?["id"] as? String)
        }
    }

    @Test func browserCallsNeedAnAllowedOrigin() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitorD)","choices":{"analytics":"granted"}}"#
            let foreign = try await client.send(.post, consents, json: body, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.body.errorCode == "origin_not_allowed")
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            let none = try await client.send(.post, consents, json: body)
            #expect(none.status == .forbidden)
            #expect(none.body.errorCode == "origin_required")
            let preflight = try await client.send(
                .options, consents, headers: [.origin: "http://127.0.0.1:5500", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowOrigin] == "http://127.0.0.1:5500")
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("POST") == true)
            let badPreflight = try await client.send(.options, consents, headers: [.origin: "https://evil.example"])
            #expect(badPreflight.status == .forbidden)
        }
    }

    @Test func publicWritesAreRateLimitedButKeyedWritesAreNot() async throws {
        let test = try await TestApplication.make(settings: ["rateLimit.consentsPerMinute": .int(1), "rateLimit.consentsBurst": .int(3)])
        let writer = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitorE)","choices":{"analytics":"granted"}}"#
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await client.send(.post, consents, json: body, headers: localOrigin).status) }
            #expect(statuses == [.created, .created, .created, .tooManyRequests])
            let limited = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect(limited.body.errorCode == "rate_limited")
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            for _ in 0..<5 {
                #expect(try await client.send(.post, consents, json: body, headers: bearer(writer)).status == .created)
            }
        }
    }

    @Test func keyedWritesNeedTheWriteScope() async throws {
        let test = try await TestApplication.make()
        let reader = try await test.key([.consentsRead])
        try await test.application.test(.router) { client in
            let body = #"{"subject":"\#(visitorF)","choices":{"analytics":"granted"}}"#
            let response = try await client.send(.post, consents, json: body, headers: bearer(reader))
            #expect(response.status == .forbidden)
            let unknown = try await client.send(.post, consents, json: body, headers: bearer("acc_not-a-key"))
            #expect(unknown.status == .unauthorized)
        }
    }
}
