import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The public reads and failed API keys are limited per client address (router tests all come from one).
@Suite struct RateLimitTests {
    static let reads: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/v1/properties/demo/experience", nil),
        (.get, "/v1/properties/demo/visitors/av_0123456789abcdef0123456789abcdef/events", nil),
        (.post, "/v1/properties/demo/tcf/encode", #"{"choices":{}}"#),
        (.get, "/v1/properties/demo/gvl", nil),
        (.get, "/v1/properties/demo/tcf/vendors", nil),
    ]

    @Test func publicReadsShareOneAllowancePerAddress() async throws {
        let test = try await TestApplication.make(settings: ["rateLimit.readsPerMinute": .int(1), "rateLimit.readsBurst": .int(5)])
        try await test.application.test(.router) { client in
            for (method, uri, body) in Self.reads {
                let answer = try await client.send(method, uri, json: body, headers: localOrigin)
                #expect(answer.status != .tooManyRequests, "\(uri)")
            }
            for (method, uri, body) in Self.reads {
                let answer = try await client.send(method, uri, json: body, headers: localOrigin)
                #expect(answer.status == .tooManyRequests, "\(uri)")
                #expect(answer.body.errorCode == "rate_limited")
                #expect(Int(answer.headers[.retryAfter] ?? "") ?? 0 >= 1)
            }
            // Servers calling with a key are not limited.
            let keyed = try await client.send(.get, "/v1/properties/demo/experience", headers: bearer(test.adminKey))
            #expect(keyed.status == .ok)
        }
    }

    @Test func theDefaultsLeaveBrowsersAndTestsAlone() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            for _ in 0..<100 {
                let answer = try await client.send(.get, "/v1/properties/demo/experience")
                #expect(answer.status == .ok)
            }
        }
    }

    @Test func failedKeysAreLimitedBeforeTheKeyIsLookedUp() async throws {
        let test = try await TestApplication.make(settings: ["rateLimit.failedKeysPerMinute": .int(3)])
        try await test.application.test(.router) { client in
            let uri = "/v1/properties/demo/subjects/alice/consents"
            for wrong in ["acc_wrong1", "acc_wrong2", "acc_wrong3"] {
                #expect(try await client.send(.get, uri, headers: bearer(wrong)).status == .unauthorized)
            }
            let exceeded = try await client.send(.get, uri, headers: [.authorization: "Basic abc"])
            #expect(exceeded.status == .tooManyRequests)
            #expect(exceeded.body.errorCode == "rate_limited")
            #expect(Int(exceeded.headers[.retryAfter] ?? "") ?? 0 >= 1)
            // Now even a valid key from this address waits: the key is not looked up at all.
            let valid = try await client.send(.get, uri, headers: bearer(test.adminKey))
            #expect(valid.status == .tooManyRequests)
            // Requests without a key are not attempts and go on as usual.
            #expect(try await client.send(.get, "/v1/properties/demo/experience").status == .ok)
        }
    }

    @Test func validKeysAndMissingKeysAreNotFailures() async throws {
        let test = try await TestApplication.make(settings: ["rateLimit.failedKeysPerMinute": .int(1)])
        try await test.application.test(.router) { client in
            let uri = "/v1/properties/demo/subjects/alice/consents"
            for _ in 0..<5 {
                let keyed = try await client.send(.get, uri, headers: bearer(test.adminKey))
                #expect(keyed.status == .ok)
                let keyless = try await client.send(.get, uri)
                #expect(keyless.status == .unauthorized)
            }
            let last = try await client.send(.get, uri, headers: bearer(test.adminKey))
            #expect(last.status == .ok)
        }
    }
}
