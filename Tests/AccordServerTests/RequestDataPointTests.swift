import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Verification's second data point (issue 13 §2): access to specific pieces needs the e-mailed code plus a phone
/// number or customer number that matches what the vault holds; a name, which no store holds, waits for the operator;
/// the field a correction corrects never counts.
@Suite struct RequestDataPointTests {
    static let contact = "/v1/properties/demo/subjects"

    /// Files a request on the public API and returns its id and the e-mailed code.
    static func file(
        _ client: some TestClientProtocol, _ test: TestApplication, _ transport: RecordingTransport, json: String
    ) async throws -> (String, String) {
        let made = try await client.send(.post, RequestAPITests.requests, json: json, headers: localOrigin)
        #expect(made.status == .accepted)
        let id = try #require(made.body["id"] as? String)
        // E-mails to one subject go out in order, one a pass: the contact's confirmation may come first.
        for _ in 0..<3 { await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce() }
        return (id, try #require(RequestAPITests.code(in: transport)))
    }

    @Test func specificPiecesNeedTheCodeAndAMatchingPhoneNumber() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let writer = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            let saved = try await client.send(
                .post, "\(Self.contact)/pia@example.com/contact", json: #"{"email":"pia@example.com","phone":"+49 151 1234 5678"}"#,
                headers: bearer(writer))
            #expect(saved.status == .created)
            let (id, code) = try await Self.file(
                client, test, transport,
                json: #"{"type":"access","scope":"specificPieces","email":"pia@example.com","jurisdiction":"US-CA","details":"Private words"}"#)
            let verify = "\(RequestAPITests.requests)/\(id)/verify"
            let first = try await client.send(.post, verify, json: #"{"code":"\#(code)"}"#, headers: localOrigin)
            #expect(first.status == .ok && first.body["status"] as? String == "verifying" && first.body["next"] as? String == "dataPoint")
            let wrong = try await client.send(
                .post, verify, json: #"{"dataPoint":{"kind":"phone","value":"+49 151 0000 0000"}}"#, headers: localOrigin)
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.body.errorCode == "data_point_mismatch" && wrong.body.errorField == "dataPoint.value")
            let malformed = try await client.send(
                .post, verify, json: #"{"dataPoint":{"kind":"shoeSize","value":"42"}}"#, headers: localOrigin)
            #expect(malformed.status == .unprocessableContent && malformed.body.errorField == "dataPoint.kind")
            let right = try await client.send(
                .post, verify, json: #"{"dataPoint":{"kind":"phone","value":"+4915112345678"}}"#, headers: localOrigin)
            #expect(right.status == .ok && right.body["status"] as? String == "verified")
            #expect(right.body.keys.contains("next") && right.body["next"] is NSNull)

            let read = try await client.send(.get, "\(RequestAPITests.admin)/\(id)", headers: bearer(test.adminKey))
            let verification = try #require(read.body["verification"] as? [String: Any])
            #expect(verification["method"] as? String == "emailCode+phone" && verification["strength"] as? String == "reasonablyHigh")
            let actions = (read.body["timeline"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(actions.contains("request.dataPointRejected"))
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
        // The data point is sealed in the request, never in clear.
        let stored = try #require(try await test.services.store.requests(in: "demo", filter: .init(), after: nil, limit: 5).first)
        #expect(stored.sealedDataPoint != nil)
        #expect(!String(decoding: try JSONEncoder().encode(stored), as: UTF8.self).contains("4915112345678"))
    }

    @Test func aCustomerNumberMatchesWhenTheVaultGivesItTheRequestersAddress() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let writer = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            _ = try await client.send(.post, "\(Self.contact)/customer-7/contact", json: #"{"email":"anna@example.com"}"#, headers: bearer(writer))
            let (id, code) = try await Self.file(
                client, test, transport, json: #"{"type":"portability","email":"anna@example.com","jurisdiction":"US-CO"}"#)
            let verify = "\(RequestAPITests.requests)/\(id)/verify"
            let other = try await client.send(
                .post, verify, json: #"{"code":"\#(code)","dataPoint":{"kind":"customerNumber","value":"customer-8"}}"#, headers: localOrigin)
            #expect(other.status == .unprocessableContent && other.body.errorCode == "data_point_mismatch")
            #expect((other.body.error?["message"] as? String)?.hasPrefix("the code was accepted") == true)
            let right = try await client.send(
                .post, verify, json: #"{"dataPoint":{"kind":"customerNumber","value":" Customer-7 "}}"#, headers: localOrigin)
            #expect(right.status == .ok && right.body["status"] as? String == "verified")
        }
    }

    @Test func aNameWaitsForTheOperatorAndFiveMismatchesLeaveOnlyTheOperator() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        try await test.application.test(.router) { client in
            let (id, code) = try await Self.file(
                client, test, transport, json: #"{"type":"access","scope":"specificPieces","email":"ned@example.com","jurisdiction":"US-CA"}"#)
            let verify = "\(RequestAPITests.requests)/\(id)/verify"
            let named = try await client.send(
                .post, verify, json: #"{"code":"\#(code)","dataPoint":{"kind":"name","value":"Ned Flanders"}}"#, headers: localOrigin)
            #expect(named.status == .ok && named.body["status"] as? String == "verifying")
            let read = try await client.send(.get, "\(RequestAPITests.admin)/\(id)", headers: bearer(test.adminKey))
            let point = try #require(read.body["dataPoint"] as? [String: Any])
            #expect(point["kind"] as? String == "name" && point["value"] as? String == "Ned Flanders", "for the operator to compare")
            var last: (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any])?
            for _ in 0..<5 {
                last = try await client.send(
                    .post, verify, json: #"{"dataPoint":{"kind":"phone","value":"+1 415 555 0100"}}"#, headers: localOrigin)
            }
            // The name was the first of five tries; the phone (nothing held) counts as a try too.
            #expect(last?.status == .unprocessableContent && last?.body.errorCode == "data_point_exhausted")
            let after = try await client.send(.get, "\(RequestAPITests.admin)/\(id)", headers: bearer(test.adminKey))
            #expect(after.body["verificationNext"] as? String == "operator")
            let recorded = try await client.send(
                .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"Called on the number in the CRM"}"#,
                headers: bearer(test.adminKey))
            #expect(recorded.status == .ok && recorded.body["status"] as? String == "verified")
        }
    }

    @Test func theFieldACorrectionCorrectsNeverVerifies() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let writer = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .post, "\(Self.contact)/olga@example.com/contact", json: #"{"email":"olga@example.com","phone":"+44 20 7946 0958"}"#,
                headers: bearer(writer))
            // A new address: the code sent to the old one proves nothing about the correction.
            let (id, code) = try await Self.file(
                client, test, transport,
                json:
                    #"{"type":"correction","email":"olga@example.com","jurisdiction":"GB","correction":{"field":"email","value":"olga@example.org"}}"#
            )
            let verify = "\(RequestAPITests.requests)/\(id)/verify"
            let coded = try await client.send(.post, verify, json: #"{"code":"\#(code)"}"#, headers: localOrigin)
            #expect(coded.status == .ok && coded.body["status"] as? String == "verifying" && coded.body["next"] as? String == "dataPoint")
            let phoned = try await client.send(
                .post, verify, json: #"{"dataPoint":{"kind":"phone","value":"+442079460958"}}"#, headers: localOrigin)
            #expect(phoned.status == .ok && phoned.body["status"] as? String == "verified")

            // A phone correction cannot be verified with the phone.
            let (phoneID, phoneCode) = try await Self.file(
                client, test, transport,
                json: #"{"type":"correction","email":"olga@example.com","jurisdiction":"GB","correction":{"field":"phone","value":"+447700900123"}}"#)
            let refused = try await client.send(
                .post, "\(RequestAPITests.requests)/\(phoneID)/verify",
                json: #"{"code":"\#(phoneCode)","dataPoint":{"kind":"phone","value":"+442079460958"}}"#, headers: localOrigin)
            #expect(refused.status == .unprocessableContent && refused.body.errorField == "dataPoint.kind")
        }
    }
}
