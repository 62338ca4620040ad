import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The confirmation after each change of a subject's choices: queued only when the property turns it on, once per
/// recorded write (never for an idempotent replay), only for a subject with a confirmed address, and delivered.
@Suite struct ChoicesConfirmationTests {
    /// The `mail.choicesChanged` messages in the outbox, oldest first, as their requests.
    private func queued(_ test: TestApplication) async throws -> [MailRequest] {
        try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 100)
            .filter { $0.message.type == "mail.choicesChanged" }
            .map { try MailRequest(json: $0.message.payload) }
    }

    private func write(_ body: String, key: String, idempotencyKey: String? = nil, _ client: some TestClientProtocol) async throws
        -> HTTPFields
    {
        var headers = bearer(key)
        if let idempotencyKey { headers[.idempotencyKey] = idempotencyKey }
        let answer = try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: headers)
        #expect(answer.status == .created)
        return answer.headers
    }

    private func turnOn(_ test: TestApplication, _ client: some TestClientProtocol) async throws {
        let answer = try await client.send(
            .patch, "/v1/admin/properties/demo", json: #"{"confirmChoicesByEmail": true}"#, headers: bearer(test.adminKey))
        #expect(answer.status == .ok)
        #expect(answer.body["confirmChoicesByEmail"] as? Bool == true)
    }

    @Test func offByDefaultNothingIsQueued() async throws {
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: RecordingTransport())
        let key = try await test.key([.consentsWrite])
        #expect(try await test.services.store.property("demo")?.confirmChoicesByEmail == false)
        try await test.application.test(.router) { client in
            _ = try await write(
                #"{"subject":"customer-1","choices":{"analytics":"granted"},"contact":{"email":"c1@example.com","verified":true}}"#,
                key: key, client)
            _ = try await write(#"{"subject":"customer-1","choices":{"analytics":"denied"}}"#, key: key, client)
        }
        #expect(try await queued(test).isEmpty)
    }

    @Test func onOneConfirmationPerRecordedWriteNoneForAReplayAndItArrives() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: ContactAPITests.mailOn, mailTransport: transport)
        let key = try await test.key([.consentsWrite])
        let subject = test.services.recorder.subjectKey(for: "customer-2", in: "demo")
        try await test.application.test(.router) { client in
            try await turnOn(test, client)
            _ = try await write(
                #"{"subject":"customer-2","choices":{"analytics":"granted"},"contact":{"email":"c2@example.com","verified":true},"locale":"de"}"#,
                key: key, idempotencyKey: "first", client)
            let replay = try await write(
                #"{"subject":"customer-2","choices":{"analytics":"granted"},"contact":{"email":"c2@example.com","verified":true},"locale":"de"}"#,
                key: key, idempotencyKey: "first", client)
            #expect(replay[.idempotentReplayed] == "true")
            _ = try await write(#"{"subject":"customer-2","choices":{"marketing":"granted"}}"#, key: key, client)
            let withdrawn = try await client.send(
                .post, "/v1/properties/demo/subjects/customer-2/withdraw", json: #"{"purposes":["analytics"]}"#, headers: bearer(key))
            #expect(withdrawn.status == .created)
            // No address in the vault, and one not yet confirmed: nothing for either.
            _ = try await write(#"{"subject":"customer-3","choices":{"analytics":"granted"}}"#, key: key, client)
            _ = try await write(
                #"{"subject":"customer-4","choices":{"analytics":"granted"},"contact":{"email":"c4@example.com"}}"#, key: key, client)
        }
        let requests = try await queued(test)
        #expect(requests.count == 3, "the first write, the second and the withdrawal; not the replay, nor other subjects")
        #expect(requests.allSatisfy { $0.subject == subject && $0.kind == .choicesChanged })
        #expect(requests.map(\.purposes) == [["analytics"], ["marketing"], ["analytics"]])
        #expect(requests.first?.locale == "de")

        let delivery = try #require(test.services.mailDelivery(logger: ContactAPITests.quiet, clock: ManualClock(Date().addingTimeInterval(600))))
        while await delivery.runOnce() > 0 {}
        let mails = transport.messages.map {
            $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        }
        #expect(mails.filter { $0.contains("To: <c2@example.com>") }.count == 3)
        #expect(!mails.contains { $0.contains("c4@example.com") && !$0.contains("/contact/confirm") })
        #expect(mails.allSatisfy { !$0.contains("customer-") })
    }

    @Test func withEmailOffTheSettingQueuesNothing() async throws {
        let test = try await TestApplication.make()
        let key = try await test.key([.consentsWrite])
        #expect(test.services.mailQueue == nil)
        try await test.application.test(.router) { client in
            try await turnOn(test, client)
            _ = try await write(
                #"{"subject":"customer-5","choices":{"analytics":"granted"},"contact":{"email":"c5@example.com","verified":true}}"#,
                key: key, client)
        }
        #expect(try await test.services.store.deliveries(to: OutboxMailQueue.destination, after: nil, limit: 10).isEmpty)
    }

    @Test func aSwitchThatIsNotABooleanIsRefusedNamingTheField() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"confirmChoicesByEmail": "yes"}"#, headers: bearer(test.adminKey))
            #expect(answer.status.code / 100 == 4)
            #expect(answer.body.errorField == "confirmChoicesByEmail")
        }
        #expect(try await test.services.store.property("demo")?.confirmChoicesByEmail == false)
    }
}
