import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import AccordServer

/// Issue 13 §6: a completed deletion's closing e-mail reads the requester's address from a vault entry kept for it
/// alone (`RequestNotice`). Sent, the entry is shredded; given up on (dead-lettered after 72 h of retries, or
/// refused for good), it is shredded too, so the address never outlives the message it was kept for.
@Suite struct ClosingMailNoticeTests {
    /// A deletion entered and verified by an operator and completed, its e-mails still queued; the request's id.
    func completedDeletion(_ test: TestApplication) async throws -> String {
        let admin: HTTPFields = [.authorization: "Bearer \(test.adminKey)"]
        return try await test.application.test(.router) { client in
            let write = #"{"subject": "erin@example.com", "choices": {"analytics": "granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: write, headers: admin).status == .created)
            let made = try await client.send(
                .post, RequestAPITests.admin, json: #"{"type":"deletion","email":"erin@example.com","jurisdiction":"US-CA"}"#,
                headers: admin)
            let id = try #require(made.body["id"] as? String)
            let verified = try await client.send(
                .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"called back"}"#, headers: admin)
            #expect(verified.status == .ok)
            let done = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/transitions", json: #"{"to":"completed"}"#, headers: admin)
            #expect(done.body["status"] as? String == "completed")
            return id
        }
    }

    /// Delivery rounds until none is due: the requester's e-mails go one after another (the outbox keeps a
    /// subject's messages in order), the closing one last.
    func deliverAll(_ test: TestApplication) async throws {
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet))
        for _ in 0..<10 {
            if await delivery.runOnce() == 0 { return }
        }
    }

    func keptAddress(_ test: TestApplication, _ id: String) async throws -> String? {
        try await test.services.directory.clearSubject(RequestNotice.key(for: id, in: "demo"), in: "demo")
    }

    @Test func aClosingEMailDeadLetteredAfterItsRetriesShredsTheAddressKeptForIt() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let id = try await completedDeletion(test)
        #expect(try await keptAddress(test, id) == "erin@example.com", "kept for the closing e-mail")
        transport.failure.withLock { $0 = .temporary("421 try again later") }
        let clock = ManualClock(Date())
        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet, clock: clock))
        #expect(await delivery.runOnce() > 0)
        #expect(try await keptAddress(test, id) == "erin@example.com", "still kept while the e-mail is retried")
        // The retries run out 72 h after the first attempt; then the message is given up on.
        for _ in 0..<16 {
            clock.advance(by: 6 * 3_600)
            await delivery.runOnce()
        }
        #expect(transport.messages.isEmpty)
        #expect(try await keptAddress(test, id) == nil, "shredded with the dead-lettered message")
    }

    @Test func aClosingEMailRefusedForGoodShredsTheAddressKeptForIt() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let id = try await completedDeletion(test)
        transport.failure.withLock { $0 = .permanent("550 mailbox unavailable") }
        try await deliverAll(test)
        #expect(try await keptAddress(test, id) == nil)
    }

    @Test func aClosingEMailSentShredsTheAddressKeptForIt() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: transport)
        let id = try await completedDeletion(test)
        try await deliverAll(test)
        #expect(transport.messages.contains { $0.contains(id) && $0.lowercased().contains("erin@example.com") })
        #expect(try await keptAddress(test, id) == nil)
    }
}
