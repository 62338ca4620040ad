import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every bad input gets a 4xx with `{"error": {"code", "message", "field"}}` and stores nothing.
@Suite struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var uri = "/v1/properties/demo/consents"
        var body: String
        var status: HTTPResponse.Status
        var code: String
        var field: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", body: #"{"subject": "\#(visitorA)", "choices": "#, status: .badRequest, code: "malformed_json"),
        Case(name: "empty body", body: "", status: .badRequest, code: "malformed_json"),
        Case(
            name: "unknown property", uri: "/v1/properties/nope/consents", body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"}}"#,
            status: .notFound, code: "property_not_found"),
        Case(name: "malformed property id", uri: "/v1/properties/NOPE%20X/consents", body: "{}", status: .notFound, code: "property_not_found"),
        Case(
            name: "unknown purpose", body: #"{"subject":"\#(visitorA)","choices":{"ads":"granted"}}"#, status: .unprocessableContent,
            code: "purpose_unknown",
            field: "choices.ads"),
        Case(
            name: "bad status value", body: #"{"subject":"\#(visitorA)","choices":{"analytics":"maybe"}}"#, status: .unprocessableContent,
            code: "choice_invalid", field: "choices.analytics"),
        Case(
            name: "oversize subject", body: #"{"subject":"\#(String(repeating: "s", count: 257))","choices":{"analytics":"granted"}}"#,
            status: .unprocessableContent, code: "subject_too_long", field: "subject"),
        Case(
            name: "missing subject", body: #"{"choices":{"analytics":"granted"}}"#, status: .unprocessableContent, code: "subject_missing",
            field: "subject"),
        Case(
            name: "choices of the wrong type", body: #"{"subject":"\#(visitorA)","choices":["analytics"]}"#, status: .unprocessableContent,
            code: "type_mismatch", field: "choices"),
        Case(
            name: "required purpose denied", body: #"{"subject":"\#(visitorA)","choices":{"necessary":"denied"}}"#, status: .unprocessableContent,
            code: "purpose_required", field: "choices.necessary"),
        Case(
            name: "unknown policy version", body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"policyVersion":9}"#,
            status: .unprocessableContent, code: "policy_version_unknown", field: "policyVersion"),
        Case(
            name: "bad region", body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"region":"Bavaria"}"#,
            status: .unprocessableContent,
            code: "region_invalid", field: "region"),
        Case(
            name: "bad source", body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"source":"web"}"#, status: .unprocessableContent,
            code: "source_invalid", field: "source"),
        Case(
            name: "duplicate key", body: #"{"subject":"a","subject":"b","choices":{"analytics":"granted"}}"#, status: .badRequest,
            code: "duplicate_key", field: "subject"),
        Case(
            name: "duplicate key, escaped", body: #"{"subject":"a","choices":{"analytics":"granted","\u0061nalytics":"denied"}}"#,
            status: .badRequest, code: "duplicate_key", field: "choices.analytics"),
        Case(
            name: "fraction for an integer", body: #"{"subject":"a","choices":{"analytics":"granted"},"policyVersion":1.5}"#,
            status: .unprocessableContent, code: "type_mismatch", field: "policyVersion"),
        Case(
            name: "client time after 9999",
            body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"clientTimestamp":"10000-01-01T00:00:00Z"}"#,
            status: .unprocessableContent, code: "client_timestamp_invalid", field: "clientTimestamp"),
        Case(
            name: "client time after 9999 in UTC",
            body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"clientTimestamp":"9999-12-31T23:00:00-05:00"}"#,
            status: .unprocessableContent, code: "client_timestamp_invalid", field: "clientTimestamp"),
        Case(
            name: "body over 64 KiB",
            body: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"tcString":"\#(String(repeating: "A", count: 70_000))"}"#,
            status: .contentTooLarge, code: "body_too_large"),
    ]

    @Test(arguments: cases)
    func answersWithTheErrorShapeAndStoresNothing(_ check: Case) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.post, check.uri, json: check.body, headers: localOrigin)
            #expect(response.status == check.status)
            let error = try #require(response.body.error, "no error body")
            #expect(error["code"] as? String == check.code)
            #expect(error["field"] as? String == check.field)
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(error.keys.contains("field"))
        }
        #expect(try await test.services.store.eventsInChainOrder(after: nil, limit: 1).isEmpty)
    }

    @Test func readingNeedsAKeyWithTheReadScope() async throws {
        let test = try await TestApplication.make()
        let writer = try await test.key([.consentsWrite])
        let reader = try await test.key([.consentsRead])
        try await test.application.test(.router) { client in
            let uri = "/v1/properties/demo/subjects/alice/consents"
            let none = try await client.send(.get, uri)
            #expect(none.status == .unauthorized)
            #expect(none.body.errorCode == "unauthorized")
            #expect(try await client.send(.get, uri, headers: bearer("acc_wrong")).status == .unauthorized)
            #expect(try await client.send(.get, uri, headers: [.authorization: "Basic abc"]).status == .unauthorized)
            let wrongScope = try await client.send(.get, uri, headers: bearer(writer))
            #expect(wrongScope.status == .forbidden)
            #expect(wrongScope.body.errorCode == "forbidden")
            #expect(try await client.send(.get, uri, headers: bearer(reader)).status == .ok)
            #expect(try await client.send(.get, uri, headers: bearer(test.adminKey)).status == .ok)
        }
    }

    @Test func unknownRouteIsAJSON404() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let response = try await client.send(.get, "/v2/nothing")
            #expect(response.status == .notFound)
            #expect(response.body.errorCode == "route_not_found")
        }
    }

    @Test func readParametersAreValidated() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let base = "/v1/properties/demo/subjects/alice/events"
            let badLimit = try await client.send(.get, base + "?limit=0", headers: bearer(test.adminKey))
            #expect(badLimit.status == .unprocessableContent)
            #expect(badLimit.body.errorField == "limit")
            let badCursor = try await client.send(.get, base + "?cursor=abc", headers: bearer(test.adminKey))
            #expect(badCursor.body.errorField == "cursor")
            let longSubject = "/v1/properties/demo/subjects/\(String(repeating: "x", count: 300))/consents"
            let tooLong = try await client.send(.get, longSubject, headers: bearer(test.adminKey))
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.body.errorField == "subject")
        }
    }
}
