import AccordCore
import AccordMail
import AccordStoreTesting
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// A consent write carrying `"contact": {"email", "verified": true}` stores the address in the event's own
/// transaction, with the choices' confirmation e-mail: a delivery pass that claims the e-mail the moment the write
/// commits finds the confirmed address and sends it (through a real SMTP server), instead of dropping it as
/// "address not confirmed".
@Suite(.enabled(if: SMTPTestServer.shouldRun, SMTPTestServer.skipNotice), .serialized)
struct ConsentContactMailTests {
    private static func mailSettings(_ sink: SMTPTestServer) -> [String: ConfigContent] {
        [
            "mail.smtp.host": .string("127.0.0.1"), "mail.smtp.port": .int(sink.port), "mail.smtp.security": .string("none"),
            "mail.from": .string("accord@example.com"),
        ]
    }

    private static func transport(_ sink: SMTPTestServer) -> SMTPTransport {
        SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: sink.port, security: .none, username: nil, password: nil, heloName: "localhost"))
    }

    private static func turnOn(_ test: TestApplication, _ client: some TestClientProtocol) async throws {
        let answer = try await client.send(
            .patch, "/v1/admin/properties/demo", json: #"{"confirmChoicesByEmail": true}"#, headers: bearer(test.adminKey))
        #expect(answer.status == .ok)
    }

    @Test func aDeliveryPassRightAfterTheCommitSendsTheConfirmationToTheVouchedAddress() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let test = try await TestApplication.make(settings: Self.mailSettings(sink), mailTransport: Self.transport(sink))
        try await test.application.test(.router) { client in try await Self.turnOn(test, client) }
        let property = try #require(try await test.services.store.property("demo"))
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        // The write path as the controller runs it, up to the commit: the delivery pass runs the moment `record`
        // returns, before anything else could store the address.
        let subject = test.services.recorder.subjectKey(for: "customer-21", in: "demo")
        let prepared = try await test.services.contactDesk.prepare(
            email: "c21@example.com", verified: true, subject: "customer-21", key: subject, property: property,
            keyPrefix: "ak_test", at: Date())
        let recorded = try await test.services.recorder.record(
            ConsentRequest(subject: "customer-21", choices: ["analytics": "granted"]), in: property, client: ClientContext(),
            authentication: .apiKey(prefix: "ak_test"),
            followUps: test.services.choicesConfirmation.followUps(in: property, vouched: true), contact: prepared)
        #expect(await delivery.runOnce() == 1)
        #expect(!recorded.replayed)
        let sent = try sink.received()
        #expect(sent.count == 1)
        #expect(sent.first?.recipients == ["c21@example.com"])
        #expect(sent.first?.text.contains("/p/demo/preferences?link=") == true)
    }

    /// Writes in the HTTP case: each one a chance for a pass to claim its e-mail between the commit and anything after.
    private static let writes = 12

    @Test func overHTTPTheVouchedAddressGetsItsConfirmationWhileDeliveryRunsAllTheTime() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let test = try await TestApplication.make(settings: Self.mailSettings(sink), mailTransport: Self.transport(sink))
        let key = try await test.key([.consentsWrite])
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        try await test.application.test(.router) { client in
            try await Self.turnOn(test, client)
            // Delivery passes back to back while the writes are made, as a busy server runs them. (In-process the
            // window between a commit and the code after it is too short for this to have caught the old race
            // reliably; the case above is the deterministic one.)
            let subjects = (1...Self.writes).map { "customer-3\($0)" }
            let passes = Task {
                var sent = 0
                let deadline = Date().addingTimeInterval(30)
                while sent < subjects.count, Date() < deadline { sent += await delivery.runOnce() }
            }
            for subject in subjects {
                let answer = try await client.send(
                    .post, "/v1/properties/demo/consents",
                    json:
                        #"{"subject":"\#(subject)","choices":{"analytics":"granted"},"contact":{"email":"\#(subject)@example.com","verified":true}}"#,
                    headers: bearer(key))
                #expect(answer.status == .created)
            }
            await passes.value
        }
        while await delivery.runOnce() > 0 {}
        let sent = try sink.received()
        #expect(sent.map { $0.recipients.joined(separator: ",") }.sorted() == (1...Self.writes).map { "customer-3\($0)@example.com" }.sorted())
        #expect(sent.allSatisfy { $0.text.contains("/p/demo/preferences?link=") })
        let stored = try await test.services.directory.contact(
            of: test.services.recorder.subjectKey(for: "customer-31", in: "demo"), in: "demo")
        #expect(stored?.usableEmail == "customer-31@example.com" && stored?.verifiedBy?.hasPrefix("key ") == true)
    }

    @Test func anUnverifiedAddressGetsItsConfirmationLinkWrittenWithTheEventAndNoChoicesMail() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let test = try await TestApplication.make(settings: Self.mailSettings(sink), mailTransport: Self.transport(sink))
        let key = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            try await Self.turnOn(test, client)
            let answer = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"customer-40","choices":{"analytics":"granted"},"contact":{"email":"c40@example.com"}}"#,
                headers: bearer(key))
            #expect(answer.status == .created)
        }
        let queued = try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 10)
        #expect(queued.map(\.message.type) == ["mail.contactConfirmation"])
        await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
        let sent = try sink.received()
        #expect(sent.count == 1 && sent.first?.recipients == ["c40@example.com"])
        #expect(sent.first?.text.contains("/p/demo/contact/confirm?token=") == true)
    }
}
