import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import AccordServer

/// A mail transport that keeps what it is given, or fails as told.
final class RecordingTransport: MailTransport {
    let sent = Mutex<[MailEnvelope]>([])
    let failure = Mutex<MailDeliveryError?>(nil)

    func send(_ envelope: MailEnvelope) async throws {
        if let failure = failure.withLock({ $0 }) { throw failure }
        sent.withLock { $0.append(envelope) }
    }

    var messages: [String] { sent.withLock { $0.map { String(decoding: $0.data, as: UTF8.self) } } }
}

/// Contact points: given with an API key, kept in the vault, confirmed by the person through an e-mailed link.
@Suite struct ContactAPITests {
    static let mailOn: [String: ConfigContent] = ["mail.smtp.host": .string("smtp.invalid"), "mail.from": .string("accord@example.com")]
    let contact = "/v1/properties/demo/subjects/customer-42/contact"
    static var quiet: Logger {
        var logger = Logger(label: "accord-test")
        logger.logLevel = .critical
        return logger
    }

    func key(_ test: TestApplication) async throws -> (token: String, prefix: String) {
        let token = try await test.key([.consentsWrite, .consentsRead])
        let stored = try await test.services.store.apiKey(hash: APIKey.hash(of: token))
        return (token, try #require(stored).prefix)
    }

    @Test func verifiedAddressIsConfirmedAtOnceAndRecordsWhichKeySaidSo() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: Self.mailOn, mailTransport: transport)
        let (token, prefix) = try await key(test)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, contact, json: #"{"email":"Anna@Example.COM","verified":true}"#, headers: bearer(token))
            #expect(answer.status == .created)
            #expect(answer.body["email"] as? String == "Anna@example.com")
            #expect(answer.body["status"] as? String == "confirmed")
            #expect(answer.body["verifiedBy"] as? String == "key \(prefix)")
            #expect(answer.body["confirmationSent"] as? Bool == false)
        }
        let subject = test.services.recorder.subjectKey(for: "customer-42", in: "demo")
        #expect(try await test.services.directory.clearSubject(subject, in: "demo") == "customer-42")
        #expect(try await test.services.directory.contact(of: subject, in: "demo")?.usableEmail == "Anna@example.com")
        await test.services.mailDelivery(logger: Self.quiet)?.runOnce()
        #expect(transport.messages.isEmpty)
    }

    @Test(arguments: [#"{"email":"not-an-address"}"#, #"{"email":"a@b.example\r\nRCPT TO:<x@y.example>"}"#, #"{"email":""}"#])
    func malformedAddressIs422NamingTheField(body: String) async throws {
        let test = try await TestApplication.make()
        let (token, _) = try await key(test)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, contact, json: body, headers: bearer(token))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "email_invalid")
            #expect(answer.body.errorField == "email")
        }
    }

    @Test func contactInAConsentWriteIsCheckedFirstAndNeedsAKey() async throws {
        let test = try await TestApplication.make()
        let (token, prefix) = try await key(test)
        try await test.application.test(.router) { client in
            let bad = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"customer-7","choices":{"analytics":"granted"},"contact":{"email":"nope"}}"#, headers: bearer(token))
            #expect(bad.status == .unprocessableContent)
            #expect(bad.body.errorField == "contact.email")
            let events = try await client.send(.get, "/v1/properties/demo/subjects/customer-7/events", headers: bearer(token))
            #expect((events.body["events"] as? [Any])?.isEmpty == true)

            let keyless = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"\#(visitorA)","choices":{"analytics":"granted"},"contact":{"email":"a@b.example"}}"#,
                headers: localOrigin)
            #expect(keyless.status == .unauthorized)
            #expect(keyless.body.errorField == "contact")

            let good = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"customer-7","choices":{"analytics":"granted"},"contact":{"email":"c7@example.com","verified":true}}"#,
                headers: bearer(token))
            #expect(good.status == .created)
        }
        let subject = test.services.recorder.subjectKey(for: "customer-7", in: "demo")
        let stored = try await test.services.directory.contact(of: subject, in: "demo")
        #expect(stored?.usableEmail == "c7@example.com" && stored?.verifiedBy == "key \(prefix)")
    }

    @Test func personConfirmsThroughTheEmailedLink() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: Self.mailOn, mailTransport: transport)
        let (token, _) = try await key(test)
        let clock = ManualClock(Date().addingTimeInterval(600))
        let delivery = try #require(test.services.mailDelivery(logger: Self.quiet, clock: clock))
        let subject = test.services.recorder.subjectKey(for: "customer-42", in: "demo")
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, contact, json: #"{"email":"anna@example.com","locale":"de"}"#, headers: bearer(token))
            #expect(answer.status == .created)
            #expect(answer.body["status"] as? String == "pending")
            #expect(answer.body["confirmationSent"] as? Bool == true)
            #expect(try await test.services.directory.contact(of: subject, in: "demo")?.usableEmail == nil)

            // An unreachable server: the mail stays in the outbox and goes out on a later round.
            transport.failure.withLock { $0 = .temporary("cannot connect to smtp.invalid:587 (refused)") }
            #expect(await delivery.runOnce() == 1)
            #expect(await delivery.runOnce() == 0)
            #expect(transport.messages.isEmpty)
            let attempts = try await test.services.store.attempts(to: "mail", before: nil, limit: 10)
            #expect(attempts.map(\.report.error) == ["temporary mail failure: cannot connect to smtp.invalid:587 (refused)"])
            transport.failure.withLock { $0 = nil }
            clock.advance(by: 3600)
            #expect(await delivery.runOnce() == 1)
            let mail = try #require(transport.messages.first)
            #expect(mail.contains("To: <anna@example.com>"))
            #expect(mail.contains("Subject: =?UTF-8?B?"))
            // Quoted-printable undone just enough to read the link: soft line breaks, and `=` written `=3D`.
            let decoded = mail.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            let link = try #require(decoded.firstMatch(of: #/http://127\.0\.0\.1:8080(/p/demo/contact/confirm\?token=[A-Za-z0-9_\-]+)/#))
            let path = String(link.output.1)

            let page = try await client.execute(uri: path, method: .get) { $0 }
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<form method=\"post\""))
            #expect(try await test.services.directory.contact(of: subject, in: "demo")?.confirmed == false)
            let tokenValue = String(path.split(separator: "=", maxSplits: 1)[1])
            let confirmed = try await client.execute(
                uri: "/p/demo/contact/confirm", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "token=\(tokenValue)")
            ) { $0 }
            #expect(confirmed.status == .ok)
            let stored = try await test.services.directory.contact(of: subject, in: "demo")
            #expect(stored?.usableEmail == "anna@example.com" && stored?.verifiedBy == "link")

            let forged = try await client.execute(uri: "/p/demo/contact/confirm?token=AAAA", method: .get) { $0 }
            #expect(forged.status == .forbidden)
        }
    }

    @Test func aShreddedSubjectGetsNoMail() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: Self.mailOn, mailTransport: transport)
        let (token, _) = try await key(test)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, contact, json: #"{"email":"anna@example.com"}"#, headers: bearer(token))
            #expect(answer.status == .created)
        }
        let subject = test.services.recorder.subjectKey(for: "customer-42", in: "demo")
        #expect(try await test.services.directory.shred(subject, in: "demo"))
        let clock = ManualClock(Date().addingTimeInterval(600))
        #expect(await test.services.mailDelivery(logger: Self.quiet, clock: clock)?.runOnce() == 1)
        #expect(transport.messages.isEmpty)
        let deliveries = try await test.services.store.deliveries(to: "mail", after: nil, limit: 10)
        #expect(deliveries.map(\.status) == [.dead])
        let payload = String(decoding: deliveries.first?.message.payload ?? [], as: UTF8.self)
        #expect(!payload.contains("anna"))
    }

    @Test func withoutAHostMailIsOffAndAddressesStayPending() async throws {
        let test = try await TestApplication.make()
        let (token, _) = try await key(test)
        #expect(test.services.mailDelivery(logger: Self.quiet) == nil)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, contact, json: #"{"email":"anna@example.com"}"#, headers: bearer(token))
            #expect(answer.status == .created)
            #expect(answer.body["status"] as? String == "pending")
            #expect(answer.body["confirmationSent"] as? Bool == false)
        }
    }

    @Test func reminderCarriesAWorkingPreferenceLinkAndChangesListTheirStatus() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: Self.mailOn, mailTransport: transport)
        let (token, _) = try await key(test)
        let subject = test.services.recorder.subjectKey(for: "customer-9", in: "demo")
        try await test.application.test(.router) { client in
            let write = try await client.send(
                .post, "/v1/properties/demo/consents",
                json:
                    #"{"subject":"customer-9","choices":{"analytics":"granted","marketing":"denied"},"contact":{"email":"c9@example.com","verified":true}}"#,
                headers: bearer(token))
            #expect(write.status == .created)
            let queue = try #require(test.services.mailQueue)
            try await queue.enqueue(
                MailRequest(
                    kind: .reconsentReminder, property: "demo", subject: subject, locale: "en", purposes: ["analytics"],
                    expiresAt: Date(timeIntervalSince1970: 1_800_000_000)))
            try await queue.enqueue(
                MailRequest(kind: .choicesChanged, property: "demo", subject: subject, purposes: ["analytics", "marketing"]))
            let clock = ManualClock(Date().addingTimeInterval(600))
            let delivery = try #require(test.services.mailDelivery(logger: Self.quiet, clock: clock))
            // One at a time per subject, in order: the second waits for the first.
            #expect(await delivery.runOnce() == 1)
            #expect(await delivery.runOnce() == 1)
            let mails = transport.messages.map {
                $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            }
            try #require(mails.count == 2)
            #expect(mails[0].contains("expires on 2027-01-15"))
            #expect(mails[1].contains(": allowed") && mails[1].contains(": not allowed"))
            let link = try #require(mails[0].firstMatch(of: #/http://127\.0\.0\.1:8080(/p/demo/preferences\?link=[A-Za-z0-9_\-]+&locale=en)/#))
            let page = try await client.execute(uri: String(link.output.1), method: .get) { $0 }
            #expect(page.status == .ok)
        }
    }
}
