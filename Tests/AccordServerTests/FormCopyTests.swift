import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The e-mailed copy of a form submission: queued once per recorded submission that gave an address, the address
/// only sealed with the evidence (never in the outbox), delivered with the choices, the form version and the
/// receipt id; nothing once the subject is shredded.
@Suite struct FormCopyTests {
    private func publish(_ test: TestApplication, _ client: some TestClientProtocol) async throws {
        let admin = bearer(test.adminKey)
        #expect(try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: FormsAPITests.form, headers: admin).status == .ok)
        #expect(try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin).status == .created)
    }

    private func copies(_ test: TestApplication) async throws -> [OutboxDelivery] {
        try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 100)
            .filter { $0.message.type == "mail.formCopy" }
    }

    private func body(email: String?) -> String {
        let address = email.map { #", "email": "\#($0)""# } ?? ""
        return #"""
            {"subject": "customer-7", "region": "DE", "locale": "en"\#(address),
             "answers": {"research": true, "offers": false, "dob": "1990-05-01",
                         "signature": {"name": "Alice Example", "attested": true}}}
            """#
    }

    @Test func aSubmissionWithAnAddressQueuesOneCopyWithoutTheAddressAndItArrives() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: transport)
        let key = try await test.key([.consentsWrite])
        let eventID = try await test.application.test(.router) { client in
            try await publish(test, client)
            var headers = bearer(key)
            headers[.idempotencyKey] = "once"
            let answer = try await client.send(
                .post, "/v1/properties/demo/forms/signup/submissions", json: body(email: "Copy.Me@Example.COM"), headers: headers)
            #expect(answer.status == .created)
            let eventID = (answer.body["event"] as? [String: Any])?["id"] as? String ?? ""
            let replay = try await client.send(
                .post, "/v1/properties/demo/forms/signup/submissions", json: body(email: "Copy.Me@Example.COM"), headers: headers)
            #expect(replay.headers[.idempotentReplayed] == "true")
            let without = try await client.send(
                .post, "/v1/properties/demo/forms/signup/submissions", json: body(email: nil), headers: bearer(key))
            #expect(without.status == .created)
            return eventID
        }
        let queued = try await copies(test)
        #expect(queued.count == 1, "one copy: not for the replay, nor for the submission without an address")
        let payload = String(decoding: try #require(queued.first).message.payload, as: UTF8.self)
        #expect(!payload.lowercased().contains("copy.me"))
        #expect(!payload.contains("customer-7"))
        let request = try MailRequest(json: try #require(queued.first).message.payload)
        #expect(request.event == eventID)
        #expect(request.form?.version == 1)

        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        while await delivery.runOnce() > 0 {}
        let mails = transport.messages.map { $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=") }
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.contains("To: <Copy.Me@example.com>"))
        #expect(mail.contains("Receipt id: \(eventID)"))
        #expect(mail.contains("Stay in touch, version 1"))
        #expect(mail.contains("- Analytics: yes") || mail.contains(": yes"))
        #expect(!mail.contains("customer-7"))
    }

    @Test func aMalformedAddressIsRefusedNamingTheFieldAndNothingIsStored() async throws {
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: RecordingTransport())
        let key = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            try await publish(test, client)
            let answer = try await client.send(
                .post, "/v1/properties/demo/forms/signup/submissions", json: body(email: "not an address"), headers: bearer(key))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "email_invalid")
            #expect(answer.body.errorField == "email")
        }
        let subject = test.services.recorder.subjectKey(for: "customer-7", in: "demo")
        #expect(try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10).isEmpty)
        #expect(try await copies(test).isEmpty)
    }

    @Test func aSubjectShreddedBeforeDeliveryGetsNoCopy() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: transport)
        let key = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            try await publish(test, client)
            let answer = try await client.send(
                .post, "/v1/properties/demo/forms/signup/submissions", json: body(email: "gone@example.com"), headers: bearer(key))
            #expect(answer.status == .created)
        }
        #expect(try await copies(test).count == 1)
        let subject = test.services.recorder.subjectKey(for: "customer-7", in: "demo")
        #expect(try await test.services.directory.shred(subject, in: "demo"))
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        while await delivery.runOnce() > 0 {}
        #expect(transport.messages.isEmpty)
    }
}
