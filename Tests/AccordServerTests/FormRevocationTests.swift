import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// HIPAA revocation as an event of its own: entered by an operator with the date the writing was received, or in
/// writing on the hosted page; each is one event denying what the form asks for, with its evidence sealed, and a
/// copy e-mailed when an address is known.
@Suite struct FormRevocationTests {
    static let hipaa = #"""
        {"kind": "hipaaAuthorization", "title": {"en": "Authorization to disclose"},
         "items": [{"key": "disclosure", "type": "purpose", "purpose": "analytics", "required": true},
                   {"key": "signature", "type": "signature", "attestation": {"en": "I authorize this disclosure."}}],
         "hipaa": {"information": {"en": "Lab results"}, "disclosers": ["Example Clinic"], "recipients": ["Example Lab"],
                   "purposes": ["at the request of the individual"], "expiration": {"event": "end of the study"},
                   "revocation": {"en": "Write to privacy@clinic.example."}, "conditioning": {"en": "Treatment does not depend on it."},
                   "redisclosure": {"en": "Disclosed information may be redisclosed and no longer protected."}}}
        """#

    private func publish(_ test: TestApplication, _ client: some TestClientProtocol, key: String = "release", form: String = Self.hipaa)
        async throws
    {
        let admin = bearer(test.adminKey)
        #expect(try await client.send(.put, "/v1/admin/properties/demo/forms/\(key)", json: form, headers: admin).status == .ok)
        #expect(try await client.send(.post, "/v1/admin/properties/demo/forms/\(key)/publish", headers: admin).status == .created)
    }

    private func evidence(_ test: TestApplication, event: String, subject: String) async throws -> FormEvidence.Contents {
        let stored = try #require(try await test.services.store.formEvidence(of: EventID(rawValue: event), in: "demo"))
        let key = test.services.recorder.subjectKey(for: subject, in: "demo")
        let bytes = try #require(try await test.services.directory.openCopy(stored.sealed, for: key, in: "demo"))
        return try JSONDecoder().decode(FormEvidence.Contents.self, from: Data(bytes))
    }

    @Test func anOperatorEntersAWrittenRevocationRecordedAsItsOwnEventWithACopy() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: transport)
        let writer = try await test.key([.consentsWrite])
        let admin = bearer(test.adminKey)
        let event = try await test.application.test(.router) { client in
            try await publish(test, client)
            let signed = try await client.send(
                .post, "/v1/properties/demo/forms/release/submissions",
                json: #"{"subject": "patient-1", "answers": {"disclosure": true, "signature": {"name": "Pat Example", "attested": true}}}"#,
                headers: bearer(writer))
            #expect(signed.status == .created)
            let future = try await client.send(
                .post, "/v1/admin/properties/demo/forms/release/revocations",
                json: #"{"subject": "patient-1", "receivedAt": "2999-01-01"}"#, headers: admin)
            #expect(future.status == .unprocessableContent)
            #expect(future.body.errorField == "receivedAt")
            let revoked = try await client.send(
                .post, "/v1/admin/properties/demo/forms/release/revocations",
                json: #"{"subject": "patient-1", "receivedAt": "2026-11-20", "statement": "Letter of 18 November", "email": "pat@example.com"}"#,
                headers: admin)
            #expect(revoked.status == .created)
            #expect(revoked.body["choices"] as? [String: String] == ["analytics": "denied"])
            #expect(
                revoked.body["receivedAt"] as? String == "2026-11-20T00:00:00.000Z"
                    || (revoked.body["receivedAt"] as? String)?.hasPrefix("2026-11-20T00:00:00") == true)
            let receipt = try #require(revoked.body["receipt"] as? String)
            let claims = try ReceiptVerifier.verify(receipt, keys: test.services.recorder.publicKeys)
            #expect(claims.form?.form == "release")
            let reader = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/patient-1/events", headers: bearer(reader))
            #expect((events.body["events"] as? [[String: Any]])?.count == 2, "the authorisation and its revocation")
            return (revoked.body["event"] as? [String: Any])?["id"] as? String ?? ""
        }
        let contents = try await evidence(test, event: event, subject: "patient-1")
        #expect(contents.revocation?.channel == .operatorEntry)
        #expect(contents.revocation?.statement == "Letter of 18 November")
        #expect(contents.revocation?.enteredBy?.hasPrefix("key:") == true)
        let state = try await test.services.store.states(of: [test.services.recorder.subjectKey(for: "patient-1", in: "demo")], in: "demo")
        #expect(state.values.first?.purposes["analytics"]?.choice == .denied)

        let queued = try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 10)
            .filter { $0.message.type == "mail.formRevoked" }
        #expect(queued.count == 1)
        #expect(!String(decoding: try #require(queued.first).message.payload, as: UTF8.self).contains("pat@"))
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        while await delivery.runOnce() > 0 {}
        let mails = transport.messages.map { $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=") }
        #expect(mails.count == 1)
        #expect(mails.first?.contains("To: <pat@example.com>") == true)
        #expect(mails.first?.contains("Receipt id: \(event)") == true)
    }

    @Test func aFormThatIsNotAHIPAAAuthorisationIsNotRevokedInWriting() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publish(test, client, key: "signup", form: FormsAPITests.form)
            let answer = try await client.send(
                .post, "/v1/admin/properties/demo/forms/signup/revocations",
                json: #"{"subject": "patient-2", "receivedAt": "2026-11-20"}"#, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "form_not_revocable")
            let missing = try await client.send(
                .post, "/v1/admin/properties/demo/forms/nothing/revocations",
                json: #"{"subject": "patient-2", "receivedAt": "2026-11-20"}"#, headers: bearer(test.adminKey))
            #expect(missing.status == .notFound)
        }
        let subject = test.services.recorder.subjectKey(for: "patient-2", in: "demo")
        #expect(try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10).isEmpty)
    }

    @Test func theHostedPageRecordsAWrittenRevocationForTheVisitor() async throws {
        let test = try await TestApplication.make()
        let pages = FormPageTests()
        try await test.application.test(.router) { client in
            try await publish(test, client)
            let (html, binding) = try await client.execute(uri: "/p/demo/forms/release/revoke", method: .get) { response in
                let binding = response.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") }
                return (String(buffer: response.body), binding.map { String($0.split(separator: ";")[0]) } ?? "")
            }
            #expect(html.contains("Revoke: Authorization to disclose"))
            #expect(html.contains(#"name="item.revocation.name""#))
            let visitor = try pages.hidden("visitor", in: html)
            let token = try pages.hidden("csrf", in: html)
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://127.0.0.1:8080", .cookie: binding]
            let unattested = try await client.execute(
                uri: "/p/demo/forms/release/revoke", method: .post, headers: headers,
                body: ByteBuffer(string: "visitor=\(visitor)&csrf=\(token)&item.revocation.name=Pat+Example")
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(unattested.0 == .unprocessableContent)
            #expect(unattested.1.contains("Tick the box"))
            let done = try await client.execute(
                uri: "/p/demo/forms/release/revoke", method: .post, headers: headers,
                body: ByteBuffer(string: "visitor=\(visitor)&csrf=\(token)&item.revocation.name=Pat+Example&item.revocation.attested=on")
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(done.0 == .created)
            #expect(done.1.contains("Your revocation is recorded"))
            let receipt = try #require(
                done.1.range(of: #"<pre id="accord-receipt">"#).map { String(done.1[$0.upperBound...].prefix { $0 != "<" }) })
            let claims = try ReceiptVerifier.verify(receipt, keys: test.services.recorder.publicKeys)
            #expect(claims.choices == ["analytics": .denied])
            let reader = try await test.key([.consentsRead])
            let events = try await client.send(.get, "/v1/properties/demo/subjects/\(visitor)/events", headers: bearer(reader))
            let event = try #require((events.body["events"] as? [[String: Any]])?.first)
            let contents = try await evidence(test, event: event["id"] as? String ?? "", subject: visitor)
            #expect(contents.revocation?.channel == .hostedPage)
            #expect(contents.revocation?.statement == "Signed: Pat Example")
        }
    }
}
