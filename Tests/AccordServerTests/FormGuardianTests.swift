import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The age rule's guardian flow: an under-age submission records nothing, the guardian gets an e-mail with a
/// sealed single-use link (their address only in the vault), and confirming through the link records the consent
/// with the guardian's confirmation in its evidence; a second use records nothing new, a forged link nothing.
@Suite struct FormGuardianTests {
    let underAge = #"""
        {"subject": "young-1", "region": "DE", "locale": "en",
         "answers": {"research": true, "offers": false, "dob": "2020-05-01",
                     "signature": {"name": "Young Example", "attested": true}},
         "guardian": {"name": "Parent Example", "email": "parent@example.com"}, "email": "young@example.com"}
        """#

    @Test func theGuardianConfirmsThroughTheEmailedLinkAndTheConsentIsRecordedOnce() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: transport)
        let key = try await test.key([.consentsWrite])
        let subject = test.services.recorder.subjectKey(for: "young-1", in: "demo")
        try await test.application.test(.router) { client in
            try await FormPageTests().publish(client, test)
            let answer = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: underAge, headers: bearer(key))
            #expect(answer.status == .accepted)
            #expect(answer.body["status"] as? String == "awaitingGuardian")
        }
        #expect(try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10).isEmpty, "nothing until confirmed")
        let queued = try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 10)
        #expect(queued.map(\.message.type) == ["mail.guardianConfirmation"])
        let payload = String(decoding: try #require(queued.first).message.payload, as: UTF8.self)
        #expect(!payload.contains("parent@") && !payload.contains("young-1"))

        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        while await delivery.runOnce() > 0 {}
        let mail = try #require(
            transport.messages.first.map { $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=") })
        #expect(mail.contains("To: <parent@example.com>"))
        let start = try #require(mail.range(of: "/p/demo/forms/signup/guardian?token=")).lowerBound
        let link = String(mail[start...].prefix { !$0.isWhitespace && $0 != "\"" && $0 != "<" })
        // The link carries references only: opened with its key, it holds neither the young person's id nor
        // their address (both wait in the vault).
        let token = String(link.split(separator: "token=").last ?? "")
        let pending = try GuardianLinkSealer(test.services.contactConfirmations).open(token, property: "demo", now: Date())
        let opened = String(decoding: try JSONEncoder().encode(pending), as: UTF8.self)
        #expect(!opened.contains("young-1") && !opened.contains("young@"))
        #expect(pending.subjectKey == subject.hex && pending.copy)
        let holder = test.services.recorder.subjectKey(for: pending.copyHolder, in: "demo")
        #expect(try await test.services.directory.clearSubject(holder, in: "demo") == "young@example.com")
        #expect(try await test.services.directory.clearSubject(subject, in: "demo") == "young-1")

        try await test.application.test(.router) { client in
            let page = try await client.execute(uri: link, method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(page.0 == .ok)
            #expect(page.1.contains("Confirm as parent or guardian"))
            #expect(try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10).isEmpty, "opening changes nothing")
            let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://127.0.0.1:8080"]
            let confirm = "item.guardian.name=Parent+Example&item.guardian.attested=on"
            let done = try await client.execute(uri: link, method: .post, headers: headers, body: ByteBuffer(string: confirm)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(done.0 == .created)
            let again = try await client.execute(uri: link, method: .post, headers: headers, body: ByteBuffer(string: confirm)) {
                ($0.status, String(buffer: $0.body))
            }
            #expect(again.0 == .ok)
            let forged = try await client.execute(uri: link + "x", method: .post, headers: headers, body: ByteBuffer(string: confirm)) {
                $0.status
            }
            #expect(forged == .forbidden)
        }
        let events = try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10)
        #expect(events.count == 1, "one event however often the link is used")
        let event = try #require(events.first)
        #expect(event.event.source == .form)
        let stored = try #require(try await test.services.store.formEvidence(of: event.event.id, in: "demo"))
        let bytes = try #require(try await test.services.directory.openCopy(stored.sealed, for: subject, in: "demo"))
        let contents = try JSONDecoder().decode(FormEvidence.Contents.self, from: Data(bytes))
        #expect(contents.guardian?.name == "Parent Example")
        // The address is in the consent's sealed evidence now; the link's vault entry for it is gone.
        #expect(contents.email == "young@example.com")
        #expect(try await test.services.directory.clearSubject(holder, in: "demo") == nil)
    }

    @Test func withEmailOffAnUnderAgeSubmissionIsRefusedAndNothingIsStored() async throws {
        let test = try await TestApplication.make()
        let key = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            try await FormPageTests().publish(client, test)
            let answer = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: underAge, headers: bearer(key))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "guardian_confirmation_unavailable")
        }
        let subject = test.services.recorder.subjectKey(for: "young-1", in: "demo")
        #expect(try await test.services.store.events(of: subject, in: "demo", before: nil, limit: 10).isEmpty)
    }
}
