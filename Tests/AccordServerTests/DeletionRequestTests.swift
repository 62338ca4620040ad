import AccordCore
import AccordSQLite
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Issue 13 §6, deletion, end to end over real HTTP on a SQLite file: a person with consent history, a contact, a
/// linked browser and webhooks still queued asks for deletion on the public API, verifies with the e-mailed code, and
/// an operator completes it. Their history is then unreadable through every API, the outbox holds nothing readable
/// for them, the audit verifies and names them erased, and the same address coming back starts a new, unlinked
/// subject, also after a restart.
@Suite struct DeletionRequestTests {
    let browser: HTTPFields = [.origin: "http://localhost:3000"]
    let visitor = "av_" + String(repeating: "c3", count: 16)

    @Test func completingADeletionErasesAccordsOwnDataAndAReturningPersonStartsAfresh() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("accord-erase-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteConsentStore(path: path)
        let transport = RecordingTransport()
        let test = try await TestApplication.make(store: store, settings: RequestAPITests.mailOn, mailTransport: transport)
        let admin: HTTPFields = [.authorization: "Bearer \(test.adminKey)"]
        let now = Date()
        try await store.saveWebhookEndpoint(
            WebhookEndpoint(
                id: WebhookEndpoint.newID(), property: "demo", url: "https://hooks.example/accord", events: WebhookEventType.known,
                description: nil, status: .active, secret: Array(WebhookSignature.newSecret().utf8), createdAt: now, updatedAt: now))
        let oldKey = test.services.recorder.subjectKey(for: "carol@example.com", in: "demo")
        let visitorKey = test.services.recorder.subjectKey(for: visitor, in: "demo")

        try await test.application.test(.live) { client in
            // The history: a grant from a browser, the browser linked to the person, their choices with a contact.
            let onBrowser = #"{"subject": "\#(visitor)", "choices": {"analytics": "granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: onBrowser, headers: browser).status == .created)
            let link = try await client.send(
                .post, "/v1/properties/demo/subjects/carol@example.com/links", json: #"{"visitor": "\#(visitor)"}"#, headers: admin)
            #expect(link.status == .created)
            let write = #"""
                {"subject": "carol@example.com", "choices": {"analytics": "granted", "marketing": "granted"},
                 "contact": {"email": "carol@example.com", "verified": true}}
                """#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: write, headers: admin).status == .created)
            let before = try await client.send(.get, "/v1/properties/demo/subjects/carol@example.com/events", headers: admin)
            #expect((before.body["events"] as? [Any])?.count == 2, "the link and the write")

            // The request, verified with the e-mailed code, completed by an operator.
            let made = try await client.send(
                .post, RequestAPITests.requests, json: #"{"type":"deletion","email":"Carol@Example.com","jurisdiction":"US-CA"}"#,
                headers: browser)
            #expect(made.status == .accepted)
            let requestID = try #require(made.body["id"] as? String)
            await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
            let code = try #require(RequestAPITests.code(in: transport))
            let verified = try await client.send(
                .post, "\(RequestAPITests.requests)/\(requestID)/verify", json: #"{"code":"\#(code)"}"#, headers: browser)
            #expect(verified.body["status"] as? String == "verified")
            let done = try await client.send(
                .post, "\(RequestAPITests.admin)/\(requestID)/transitions", json: #"{"to":"completed"}"#, headers: admin)
            #expect(done.status == .ok)
            #expect(done.body["status"] as? String == "completed")
            #expect(!(done.body["email"] is String), "the request's own copy of the address was sealed under the shredded key")
            let timeline = try #require(done.body["timeline"] as? [[String: Any]])
            #expect(timeline.map { $0["action"] as? String }.suffix(2) == ["request.dataErased", "request.transition"])
            let erasure = try #require(timeline.first { $0["action"] as? String == "request.dataErased" })
            let detail = try #require(erasure["detail"] as? [String: String])
            #expect(detail["subjects"] == "2" && detail["links"] == "1" && detail["stateRows"] != "0")
            #expect(detail["vaultEntries"] != "0")
            #expect(!String(describing: timeline).lowercased().contains("carol"), "the audit trail never names the requester")

            // Every API now answers as for a stranger.
            let history = try await client.send(.get, "/v1/properties/demo/subjects/carol@example.com/events", headers: admin)
            #expect((history.body["events"] as? [Any])?.isEmpty == true)
            let consents = try await client.send(.get, "/v1/properties/demo/subjects/carol@example.com/consents", headers: admin)
            #expect(!String(describing: consents.body).contains("granted"))
            let check = try await client.send(
                .post, "/v1/properties/demo/check", json: #"{"subjects": ["carol@example.com"], "purposes": ["marketing"]}"#,
                headers: admin)
            #expect(((check.body["results"] as? [String: Any])?["carol@example.com"] as? [String: Bool])?["marketing"] == false)
            let onDevice = try await client.send(.get, "/v1/properties/demo/visitors/\(visitor)/state", headers: browser)
            #expect(onDevice.body["linked"] as? Bool == false)
            #expect(!String(describing: onDevice.body).contains("granted"))
            let answer = try await client.send(.get, "\(RequestAPITests.admin)/\(requestID)/answer", headers: admin)
            #expect(answer.status == .conflict)
            let again = try await client.send(
                .post, "\(RequestAPITests.admin)/\(requestID)/transitions", json: #"{"to":"completed"}"#, headers: admin)
            #expect(again.status == .conflict)
        }

        // The outbox: what was queued for them before the erasure names them no more.
        #expect(try await test.services.directory.clearSubject(oldKey, in: "demo") == nil)
        #expect(try await test.services.directory.clearSubject(visitorKey, in: "demo") == nil)
        let queued = try await store.undeliveredDeliveries(after: nil, limit: 1_000)
        #expect(!queued.isEmpty)
        #expect(!queued.contains { String(decoding: $0.message.payload, as: UTF8.self).lowercased().contains("carol") })
        // The evidence stays and verifies; the erased are reported as such.
        let report = try await StoreAudit.run(store)
        #expect(report.isClean)
        #expect(report.eventCount >= 3)
        #expect(report.erasedSubjects == 2)

        // Coming back: a new, unlinked subject, on this instance and on a restarted one.
        let restarted = TestApplication(
            services: try await AccordServices.bootstrap(
                store: try SQLiteConsentStore(path: path), settings: ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))),
            adminKey: test.adminKey)
        for app in [test, restarted] {
            let newKey = app.services.recorder.subjectKey(for: "carol@example.com", in: "demo")
            #expect(newKey != oldKey)
            #expect(app.services.recorder.subjectKey(for: visitor, in: "demo") != visitorKey)
        }
        try await restarted.application.test(.live) { client in
            let admin: HTTPFields = [.authorization: "Bearer \(test.adminKey)"]
            let back = #"{"subject": "carol@example.com", "choices": {"analytics": "denied"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: back, headers: admin).status == .created)
            let history = try await client.send(.get, "/v1/properties/demo/subjects/carol@example.com/events", headers: admin)
            #expect((history.body["events"] as? [Any])?.count == 1, "only the new choice: the old history stays unlinked")
        }
        #expect(try await StoreAudit.run(store).isClean)
    }

    @Test func onlyADeletionErasesAndAnUnfinishedOneErasesNothing() async throws {
        let test = try await TestApplication.make(settings: RequestAPITests.mailOn, mailTransport: RecordingTransport())
        let admin: HTTPFields = [.authorization: "Bearer \(test.adminKey)"]
        try await test.application.test(.router) { client in
            let write = #"{"subject": "dave@example.com", "choices": {"analytics": "granted"}}"#
            #expect(try await client.send(.post, "/v1/properties/demo/consents", json: write, headers: admin).status == .created)
            for type in ["access", "deletion"] {
                let made = try await client.send(
                    .post, RequestAPITests.admin, json: #"{"type":"\#(type)","email":"dave@example.com","jurisdiction":"US-CA"}"#,
                    headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(
                    .post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"called back"}"#, headers: admin)
                if type == "access" {
                    let done = try await client.send(
                        .post, "\(RequestAPITests.admin)/\(id)/transitions", json: #"{"to":"completed"}"#, headers: admin)
                    #expect(done.status == .ok)
                } else {
                    // Denied: nothing is erased.
                    let denied = try await client.send(
                        .post, "\(RequestAPITests.admin)/\(id)/transitions",
                        json: #"{"to":"denied","reason":"legal hold","exemption":"legalObligation"}"#, headers: admin)
                    #expect(denied.status == .ok)
                }
            }
            let history = try await client.send(.get, "/v1/properties/demo/subjects/dave@example.com/events", headers: admin)
            #expect((history.body["events"] as? [Any])?.count == 1)
        }
        #expect(try await test.services.store.erasedSubjects(after: nil, limit: 10).isEmpty)
    }
}
