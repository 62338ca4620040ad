import AccordCore
import AccordMail
import AccordStoreTesting
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AccordServer

/// The e-mailed access-package link (issue 14 §4), through a real SMTP server and HTTP: a completed access run
/// e-mails the requester a link that downloads the ZIP once, then answers 410 `link_used`; a link not used within
/// `requests.packageLinkDays` answers 410 `link_expired`, and its package is destroyed by the service's sweep.
/// The package is sealed under a vault entry of its own, destroyed after the download; the token is never stored
/// or recorded anywhere but in the e-mail.
@Suite(.enabled(if: SMTPTestServer.shouldRun, SMTPTestServer.skipNotice), .serialized)
struct PackageLinkMailTests {
    /// What each test starts from: Accord with e-mail through a sink, its admin key and its mail delivery.
    struct Scene {
        let services: AccordServices
        let store: InMemoryConsentStore
        let clock: ManualServiceClock
        let test: TestApplication
        let admin: HTTPFields
        let mail: MailDeliveryService
        let requests = "/v1/admin/properties/demo/requests"

        init(sink: SMTPTestServer) async throws {
            (services, store, clock) = try await PackageLinkMailTests.services(sink: sink)
            test = TestApplication(services: services, adminKey: try #require(services.createdAdminKey))
            admin = bearer(test.adminKey)
            mail = try #require(services.mailDelivery(logger: ContactAPITests.quiet, clock: clock))
        }
    }

    /// Accord with e-mail through `sink`, links valid 3 days, on a manual clock.
    static func services(sink: SMTPTestServer) async throws -> (AccordServices, InMemoryConsentStore, ManualServiceClock) {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        let settings: [String: ConfigContent] = [
            "mail.smtp.host": .string("127.0.0.1"), "mail.smtp.port": .int(sink.port), "mail.smtp.security": .string("none"),
            "mail.from": .string("accord@example.com"), "requests.packageLinkDays": .int(3), "http.port": .int(0),
        ]
        for (key, value) in settings { values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(value, isSecret: false) }
        let transport = SMTPTransport(
            settings: SMTPSettings(host: "127.0.0.1", port: sink.port, security: .none, username: nil, password: nil, heloName: "localhost"))
        let clock = ManualServiceClock(now: Date())
        let store = InMemoryConsentStore()
        let services = try await AccordServices.bootstrap(
            store: store, settings: ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: values))), mailTransport: transport,
            now: { clock.now })
        return (services, store, clock)
    }

    /// The package mails `sink` received after the first `before`, sending what the outbox holds for a while (an
    /// attempt may time out on a busy machine and is retried a minute on).
    static func packageMails(
        _ sink: SMTPTestServer, after before: Int, mail: MailDeliveryService, clock: ManualServiceClock, rounds: Int = 100
    ) async throws -> [(text: String, recipients: [String])] {
        var sent: [(text: String, recipients: [String])] = []
        for round in 0..<rounds {
            if round > 0 { clock.advance(by: 60) }
            while await mail.runOnce() > 0 {}
            sent = Array(try sink.received().dropFirst(before)).filter { $0.text.contains("/v1/packages/") }
            if !sent.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        return sent
    }

    @Test func anAccessRequestCompletedByHandWithoutConnectorsGetsItsPackageLinkOnce() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let scene = try await Scene(sink: sink)
        let (store, clock, test, admin, mail, requests) = (scene.store, scene.clock, scene.test, scene.admin, scene.mail, scene.requests)
        try await test.application.test(.live) { client in
            let made = try await client.send(
                .post, requests, json: #"{"type":"portability","email":"cal@example.com","jurisdiction":"GB"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"known customer"}"#, headers: admin)
            let before = try sink.received().count
            let done = try await client.send(
                .post, "\(requests)/\(id)/transitions", json: #"{"to":"completed","reason":"answered by hand"}"#, headers: admin)
            #expect(done.status == .ok && done.body["status"] as? String == "completed")
            let again = try await client.send(.post, "\(requests)/\(id)/transitions", json: #"{"to":"completed"}"#, headers: admin)
            #expect(again.status.code >= 400 && again.status.code < 500, "a completed request is not completed again")

            let sent = try await Self.packageMails(sink, after: before, mail: mail, clock: clock)
            #expect(sent.count == 1 && sent.first?.recipients == ["cal@example.com"])
            let timeline = try await store.requestTimeline(id, in: "demo")
            #expect(timeline.filter { $0.entry.action == "request.packageSent" }.count == 1, "sent exactly once")
            let token = try #require(sent.first?.text.firstMatch(of: /\/v1\/packages\/([A-Za-z0-9_-]{43})/)).1
            let download = try await client.execute(uri: "/v1/packages/\(token)", method: .get) { Array(buffer: $0.body) }
            let files = try #require(try RealUnzip.entries(download), "unzip -t and zipfile open it")
            #expect(files["data.json"]?.contains(#""accord""#) == true && files["report.html"] != nil)
            #expect(try await client.send(.get, "/v1/packages/\(token)").status == .gone)
            #expect(try await Self.packageMails(sink, after: before, mail: mail, clock: clock, rounds: 3).count == 1, "no second link")
        }
    }

    @Test func theRequesterDownloadsTheirPackageOnceThenTheLinkIsGoneAndAnUnusedLinkExpires() async throws {
        let sink = try SMTPTestServer()
        defer { sink.stop() }
        let scene = try await Scene(sink: sink)
        let (store, clock, test, admin, mail, requests) = (scene.store, scene.clock, scene.test, scene.admin, scene.mail, scene.requests)
        let service = scene.services.fulfilmentService(clock: clock, logger: ContactAPITests.quiet)

        /// Files and verifies an access request for `email`, runs it to completion and answers its id and the token
        /// in the e-mail that followed.
        @Sendable func completedAccess(_ email: String, client: some TestClientProtocol) async throws -> (id: String, token: String) {
            let made = try await client.send(
                .post, requests, json: #"{"type":"access","email":"\#(email)","jurisdiction":"US-CA"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"known customer"}"#, headers: admin)
            #expect(try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin).status == .accepted)
            for _ in 0..<200 {
                if try await store.request(id, in: "demo")?.status == .completed { break }
                _ = try await service.runOnce()
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try await store.request(id, in: "demo")?.status == .completed)
            let before = try sink.received().count
            // One e-mail per subject and round (the outbox keeps each subject's order).
            let sent = try await Self.packageMails(sink, after: before, mail: mail, clock: clock)
            #expect(sent.count == 1 && sent.first?.recipients == [email])
            let text = try #require(sent.first?.text)
            #expect(text.contains("Your data is ready to download") && text.contains(id))
            let match = try #require(text.firstMatch(of: /\/v1\/packages\/([A-Za-z0-9_-]{43})/))
            return (id, String(match.1))
        }

        // A live server on a loopback port: the downloads go over real HTTP.
        try await test.application.test(.live) { client in
            let (id, token) = try await completedAccess("ann@example.com", client: client)
            let timeline = try await store.requestTimeline(id, in: "demo")
            #expect(timeline.contains { $0.entry.action == "request.packageSent" })
            #expect(!timeline.contains { ($0.entry.after ?? "").contains(token) }, "the token is not in the audit trail")
            #expect(try await store.vaultEntry(of: PackageToken.vaultKey(for: id, in: "demo"), in: "demo") != nil)

            let download = try await client.execute(uri: "/v1/packages/\(token)", method: .get) { response in
                (response.status, response.headers, Array(buffer: response.body))
            }
            #expect(download.0 == .ok)
            #expect(download.1[.contentType] == "application/zip" && download.1[.cacheControl] == "no-store")
            #expect(download.2.starts(with: [0x50, 0x4B, 0x03, 0x04]), "a ZIP")
            #expect(try RealUnzip.entries(download.2)?["data.json"] != nil, "unzip -t and zipfile open it; data.json is in it")
            #expect(try await store.vaultEntry(of: PackageToken.vaultKey(for: id, in: "demo"), in: "demo") == nil, "its key is destroyed")
            let downloaded = try await store.requestTimeline(id, in: "demo").last?.entry
            #expect(downloaded?.action == "request.packageDownloaded" && downloaded?.actor == "requester")

            let again = try await client.send(.get, "/v1/packages/\(token)")
            #expect(again.status == .gone && again.body.errorCode == "link_used")
            #expect(again.body.error?["message"] is String)
            let unknown = try await client.send(.get, "/v1/packages/\(String(repeating: "A", count: 43))")
            #expect(unknown.status == .notFound && unknown.body.errorCode == "link_not_found")

            // A link not used in time: the sweep destroys its package, the link answers 410 link_expired.
            let (late, lateToken) = try await completedAccess("bea@example.com", client: client)
            clock.advance(by: 3 * 86_400 + 1)
            _ = try await service.runOnce()
            #expect(try await store.vaultEntry(of: PackageToken.vaultKey(for: late, in: "demo"), in: "demo") == nil)
            let expired = try await client.send(.get, "/v1/packages/\(lateToken)")
            #expect(expired.status == .gone && expired.body.errorCode == "link_expired")
        }
    }
}
