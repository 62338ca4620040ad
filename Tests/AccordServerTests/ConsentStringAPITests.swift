import AccordCore
import AccordServer
import ConsentStrings
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// TC and GPP strings over HTTP: checked on the consent write path, decoded for integrators.
@Suite struct ConsentStringAPITests {
    let consents = "/v1/properties/demo/consents"

    static func tcString(purposes: IDSet, cmpID: Int = 300) throws -> String {
        var tc = TCString(created: Timestamp(year: 2026, month: 3, day: 2))
        tc.cmpID = cmpID
        tc.purposeConsents = purposes
        tc.vendorConsents = [4, 755]
        tc.disclosedVendors = [4, 755]
        return try tc.encoded()
    }

    /// The vectors whose strings decode, with the IAB reference decoder's fields (not those that the lenient
    /// iab-tcf decoded, which never reads the allowed-vendors segment).
    static func vectors(_ file: String) throws -> [(string: String, decoded: JSONValue)] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../Vectors/\(file)")
        let root = try JSONValue(parsing: String(decoding: try Data(contentsOf: url), as: UTF8.self))
        guard case .array(let vectors)? = root["vectors"] else { return [] }
        return vectors.compactMap { vector -> (String, JSONValue)? in
            guard vector["expectError"] == nil, vector["kind"] == nil || vector["kind"] == .string("gpp"),
                case .string(let string)? = vector["string"], let decoded = vector["decoded"], decoded != .null
            else { return nil }
            if case .string(let decoder)? = vector["decodedBy"], decoder.hasPrefix("iab-tcf") { return nil }
            return (string, decoded)
        }
    }

    /// A decoding endpoint's answer split into the decoded fields and the issues.
    static func decode(_ uri: String, key: String, client: some TestClientProtocol) async throws -> (fields: JSONValue, issues: JSONValue?) {
        try await client.execute(uri: uri, method: .get, headers: bearer(key)) { response in
            guard case .object(var members) = try JSONValue(parsing: String(buffer: response.body)) else { return (.null, nil) }
            let issues = members.removeValue(forKey: "issues")
            return (.object(members), issues)
        }
    }

    @Test func tcStringNeedsTCFEnabledThenDecidesMappedPurposes() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let tc = try Self.tcString(purposes: [1, 2, 3, 4])
            let body = #"{"subject":"\#(visitorOne)","tcString":"\#(tc)"}"#
            let refused = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorCode == "tcf_not_enabled")
            #expect(refused.body.errorField == "tcString")
            let patch = #"{"tcfEnabled":true,"gppEnabled":true,"tcfPurposeMapping":{"marketing":[2,3,4],"analytics":[7,8,9]}}"#
            #expect(try await client.send(.patch, "/v1/admin/properties/demo", json: patch, headers: bearer(test.adminKey)).status == .ok)
            let recorded = try await client.send(.post, consents, json: body, headers: localOrigin)
            #expect(recorded.status == .created)
            let purposes = try #require((recorded.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]])
            #expect(purposes["marketing"]?["status"] as? String == "granted")
            #expect(purposes["analytics"]?["status"] as? String == "denied")
            #expect(purposes["personalization"]?["status"] as? String == "unset")
        }
    }

    @Test func badStringsAre422WithTheCodecCodeOrThePolicyProblems() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let patch = #"{"tcfEnabled":true,"gppEnabled":true}"#
            #expect(try await client.send(.patch, "/v1/admin/properties/demo", json: patch, headers: bearer(test.adminKey)).status == .ok)
            let malformed = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorTwo)","choices":{"analytics":"granted"},"tcString":"CPc*"}"#, headers: localOrigin)
            #expect(malformed.status == .unprocessableContent)
            #expect(malformed.body.errorCode == "tc_string_malformed")
            #expect(malformed.body.errorField == "tcString")
            #expect((malformed.body.error?["message"] as? String)?.contains("invalidBase64") == true)
            let reserved = try Self.tcString(purposes: [1], cmpID: 0)
            let invalid = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorTwo)","choices":{"analytics":"granted"},"tcString":"\#(reserved)"}"#,
                headers: localOrigin)
            #expect(invalid.body.errorCode == "tc_string_invalid")
            #expect((invalid.body.error?["message"] as? String)?.contains("invalidCmpId") == true)
            let gpp = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorTwo)","choices":{"analytics":"granted"},"gppString":"DBABTA~1YNN~1YNN"}"#,
                headers: localOrigin)
            #expect(gpp.body.errorCode == "gpp_string_malformed")
            #expect(gpp.body.errorField == "gppString")
            let fine = try await client.send(
                .post, consents, json: #"{"subject":"\#(visitorTwo)","choices":{"analytics":"granted"},"gppString":"DBABTA~1YNN"}"#,
                headers: localOrigin)
            #expect(fine.status == .created)
        }
    }

    @Test func tcDecodingAnswersTheReferenceFieldsAndIssues() async throws {
        let test = try await TestApplication.make()
        let key = try await test.key([.consentsRead])
        let vectors = try Self.vectors("tcf_v2_public.json").filter { !$0.string.hasPrefix("B") }
        #expect(vectors.count == 20)
        try await test.application.test(.router) { client in
            for vector in vectors {
                let answer = try await Self.decode("/v1/strings/tcf/\(vector.string)", key: key, client: client)
                #expect(answer.fields == vector.decoded, "\(vector.string)")
                #expect(answer.issues != nil)
            }
            let reserved = try await client.send(.get, "/v1/strings/tcf/\(try Self.tcString(purposes: [1], cmpID: 1))", headers: bearer(key))
            #expect((reserved.body["issues"] as? [[String: Any]])?.first?["code"] as? String == "invalidCmpId")
            let bad = try await client.send(.get, "/v1/strings/tcf/CPc", headers: bearer(key))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.errorCode == "tc_string_malformed")
            #expect((bad.body.error?["message"] as? String)?.contains("truncated") == true)
            #expect(try await client.send(.get, "/v1/strings/tcf/CPc", headers: [:]).status == .unauthorized)
            let writer = try await test.key([.consentsWrite])
            #expect(try await client.send(.get, "/v1/strings/tcf/CPc", headers: bearer(writer)).status == .forbidden)
        }
    }

    @Test func gppDecodingAnswersTheReferenceFieldsAndIssues() async throws {
        let test = try await TestApplication.make()
        let key = try await test.key([.consentsRead])
        let vectors = try Self.vectors("gpp_iabgpp_es_tests.json") + Self.vectors("gpp_spec_examples.json")
        #expect(vectors.count > 10)
        try await test.application.test(.router) { client in
            for vector in vectors {
                let answer = try await Self.decode("/v1/strings/gpp/\(vector.string)", key: key, client: client)
                #expect(answer.fields == vector.decoded, "\(vector.string)")
                guard case .array? = answer.issues else { Issue.record("no issues array"); continue }
            }
            let bad = try await client.send(.get, "/v1/strings/gpp/DBABTA~1YNN~1YNN", headers: bearer(key))
            #expect(bad.body.errorCode == "gpp_string_malformed")
            #expect((bad.body.error?["message"] as? String)?.contains("sectionCountMismatch") == true)
        }
    }
}
