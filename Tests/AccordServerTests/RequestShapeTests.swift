import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

/// Inputs the security probe found answered with a 500, a bare 400 or not at all refused: vendor list versions,
/// listing parameters, repeated query parameters, fractions for integers, heads too large to parse.
@Suite struct RequestShapeTests {
    static var sample: String {
        get throws { try String(contentsOfFile: VendorListAPITests.samplePath, encoding: .utf8) }
    }

    @Test(arguments: [
        (#""vendorListVersion": 120"#, #""vendorListVersion": 0"#, "vendorListVersion"),
        (#""vendorListVersion": 120"#, #""vendorListVersion": -3"#, "vendorListVersion"),
        (#""vendorListVersion": 120"#, #""vendorListVersion": 4096"#, "vendorListVersion"),
        (#""tcfPolicyVersion": 5"#, #""tcfPolicyVersion": 3"#, "tcfPolicyVersion"),
        (#""tcfPolicyVersion": 5"#, #""tcfPolicyVersion": 64"#, "tcfPolicyVersion"),
    ])
    func vendorListVersionsOutsideTheTCFAreRefusedNamingTheField(from: String, to: String, field: String) async throws {
        let test = try await TestApplication.make()
        let body = try Self.sample.replacingOccurrences(of: from, with: to)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.put, "/v1/properties/demo/gvl", json: body, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "gvl_value_invalid")
            #expect(answer.body.errorField == field)
            #expect(try await client.send(.get, "/v1/properties/demo/gvl").status == .notFound)
        }
    }

    @Test func aVendorListWithADuplicateKeyIsRefused() async throws {
        let test = try await TestApplication.make()
        let body = try Self.sample.replacingOccurrences(of: #""tcfPolicyVersion": 5"#, with: #""tcfPolicyVersion": 5, "tcfPolicyVersion": 4"#)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.put, "/v1/properties/demo/gvl", json: body, headers: bearer(test.adminKey))
            #expect(answer.status == .badRequest)
            #expect(answer.body.errorCode == "duplicate_key")
            #expect(answer.body.errorField == "tcfPolicyVersion")
        }
    }

    static let listings = [
        "/v1/admin/properties", "/v1/admin/properties/demo/policies", "/v1/admin/properties/demo/audit",
        "/v1/properties/demo/subjects/alice/events",
    ]

    @Test(arguments: listings)
    func everyListingRefusesTheSameBadCursorsAndLimits(listing: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            for query in ["cursor=zzz", "cursor=0", "cursor=-1", "cursor=", "cursor=007", "cursor=Demo", "cursor=1234567890123456789"] {
                let answer = try await client.send(.get, "\(listing)?\(query)", headers: bearer(test.adminKey))
                #expect(answer.status == .unprocessableContent, "\(listing)?\(query)")
                #expect(answer.body.errorCode == "cursor_invalid", "\(listing)?\(query)")
                #expect(answer.body.errorField == "cursor")
            }
            for query in ["limit=0", "limit=201", "limit=1.5", "limit=x"] {
                let answer = try await client.send(.get, "\(listing)?\(query)", headers: bearer(test.adminKey))
                #expect(answer.status == .unprocessableContent, "\(listing)?\(query)")
                #expect(answer.body.errorField == "limit")
            }
            #expect(try await client.send(.get, "\(listing)?limit=1", headers: bearer(test.adminKey)).status == .ok)
        }
    }

    @Test func propertyCursorsPageThroughEveryProperty() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            for id in ["alpha", "beta"] {
                let created = try await client.send(
                    .post, "/v1/admin/properties", json: #"{"id":"\#(id)","name":"\#(id)"}"#, headers: bearer(test.adminKey))
                #expect(created.status == .created)
            }
            var seen: [String] = []
            var cursor: String? = nil
            repeat {
                let query = cursor.map { "&cursor=\($0)" } ?? ""
                let page = try await client.send(.get, "/v1/admin/properties?limit=1\(query)", headers: bearer(test.adminKey))
                #expect(page.status == .ok)
                seen += (page.body["properties"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                cursor = page.body["nextCursor"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen == ["alpha", "beta", "demo"])
        }
    }

    @Test(arguments: [
        "/v1/properties/demo/subjects/alice/events?limit=1&limit=2",
        "/v1/properties/demo/experience?region=DE&region=US-CA",
        "/v1/properties/demo/experience?locale=de&%6Cocale=fr",
        "/health?x=1&x=1",
        "/v1/nothing?a&a",
    ])
    func repeatedQueryParametersAreRefusedOnEveryRoute(uri: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let answer = try await client.send(.get, uri, headers: bearer(test.adminKey))
            #expect(answer.status == .badRequest)
            #expect(answer.body.errorCode == "query_parameter_repeated")
            #expect(["limit", "region", "locale", "x", "a"].contains(answer.body.errorField ?? ""))
        }
    }

    @Test(arguments: [
        ("/v1/admin/properties", #"{"id":"shop","name":"Shop","cookieLifetimeDays":1.5}"#, HTTPRequest.Method.post, "cookieLifetimeDays"),
        ("/v1/admin/properties/demo", #"{"cookieLifetimeDays":30.25}"#, .patch, "cookieLifetimeDays"),
        ("/v1/admin/properties/demo/purposes", #"{"key":"x","name":"X","description":"X","lifetimeDays":365.5}"#, .post, "lifetimeDays"),
        ("/v1/properties/demo/tcf/encode", #"{"vendorsRefused":[1,2,3.5]}"#, .post, "vendorsRefused[2]"),
        (
            "/v1/properties/demo/subjects/alice/preference-link", #"{"expiresInDays":99999999999999999999}"#, .post,
            "expiresInDays"
        ),
    ])
    func fractionsWhereIntegersBelongAre422NamingTheField(
        uri: String, body: String, method: HTTPRequest.Method, field: String
    ) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            var headers = bearer(test.adminKey)
            headers[.origin] = "http://localhost:3000"
            let answer = try await client.send(method, uri, json: body, headers: headers)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "type_mismatch")
            #expect(answer.body.errorField == field)
        }
    }

    @Test func draftPropertiesAreNotServedYetRatherThanAServerError() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let created = try await client.send(
                .post, "/v1/admin/properties", json: #"{"id":"draft","name":"Draft"}"#, headers: bearer(test.adminKey))
            #expect(created.status == .created)
            for uri in ["/v1/properties/draft/experience", "/p/draft/preferences"] {
                let answer = try await client.send(.get, uri)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(answer.body.errorCode == "property_not_published", "\(uri)")
            }
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method(rawValue: "TRACE")!, "/health", "GET, HEAD"),
        (.delete, "/v1/properties/demo/experience", "GET, HEAD"),
        (.put, "/v1/admin/properties/demo/purposes/analytics/", "DELETE, GET, HEAD, PUT"),
        (.get, "/v1/properties/demo/consents", "OPTIONS, POST"),
        // The literal segment wins over `{request}` there, as in the router: no PATCH of `.../requests/{request}`.
        (.options, "/v1/admin/properties/demo/requests/export", "GET, HEAD"),
        (.patch, "/v1/admin/properties/demo/requests/metrics", "GET, HEAD"),
    ])
    func aServedPathWithAnotherMethodIs405WithAllow(method: HTTPRequest.Method, uri: String, allow: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let answer = try await client.send(method, uri, headers: bearer(test.adminKey))
            if method == .put {
                #expect(answer.status != .methodNotAllowed)  // PUT is served there: whatever the handler says
                return
            }
            #expect(answer.status == .methodNotAllowed)
            #expect(answer.body.errorCode == "method_not_allowed")
            #expect(answer.headers[.allow] == allow)
            #expect(try await client.send(.get, "/v1/nothing/here").status == .notFound)
        }
    }

    @Test(arguments: [
        ("/v1/admin/properties/demo/texts/not_a_locale", HTTPRequest.Method.get, nil as String?, "locale"),
        ("/v1/admin/properties/demo/texts/x", .delete, nil, "locale"),
        ("/v1/properties/demo/tcf/encode", .post, #"{"locale":"no locale"}"#, "locale"),
        ("/v1/admin/properties", .post, #"{"id":"blank","name":"\n\u00a0\t"}"#, "name"),
    ])
    func textFieldsAreCheckedAsTheAPIDescriptionSays(uri: String, method: HTTPRequest.Method, body: String?, field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            var headers = bearer(test.adminKey)
            headers[.origin] = "http://localhost:3000"
            let answer = try await client.send(method, uri, json: body, headers: headers)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorField == field)
        }
    }

    @Test func headsTooLargeToParseGetTheJSONErrorBody() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.live) { client in
            let longPath = "/health?pad=" + String(repeating: "a", count: 100 * 1024)
            try await client.execute(uri: longPath, method: .get) { response in
                #expect(response.status == .requestHeaderFieldsTooLarge)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?.errorCode == "request_head_too_large")
                #expect(body?.error?.keys.contains("field") == true)
            }
        }
        try await test.application.test(.live) { client in
            let headers: HTTPFields = [HTTPField.Name("X-Pad")!: String(repeating: "b", count: 100 * 1024)]
            try await client.execute(uri: "/health", method: .get, headers: headers) { response in
                #expect(response.status == .requestHeaderFieldsTooLarge)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(body?.errorCode == "request_head_too_large")
            }
        }
    }
}
