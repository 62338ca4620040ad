import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

@testable import AccordServer

/// A webhook connector's system on loopback: checks the Standard Webhooks signature of what Accord sends (401 when
/// it does not verify), and answers on the callback URL after a delay with what `answer` gives, through the real
/// network, to the Accord application listening at `accordPort`.
final class CallbackReceiver: Sendable {
    let secret = Mutex<String?>(nil)
    let accordPort = Mutex<Int>(0)
    /// Each request's body and whether its signature verified.
    let received = Mutex<[(Data, Bool)]>([])
    /// Each callback's answer status.
    let answered = Mutex<[Int]>([])
    /// One client for every receiver: an async-http-client must be shut down before it goes, and a static never goes.
    static let transport = HTTPWebhookTransport()
    /// The callback body for the n-th request received (from 0); nil: no callback.
    let answer: @Sendable (Int) -> String?

    init(answer: @escaping @Sendable (Int) -> String?) { self.answer = answer }

    var count: Int { received.withLock { $0.count } }
    func body(_ index: Int) -> [String: Any]? {
        let data = received.withLock { $0.indices.contains(index) ? $0[index].0 : nil }
        return data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
    func verified(_ index: Int) -> Bool { received.withLock { $0.indices.contains(index) ? $0[index].1 : false } }
    var callbackCount: Int { answered.withLock { $0.count } }
    func callback(_ index: Int) -> Int { answered.withLock { $0[index] } }

    var application: some ApplicationProtocol {
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let bytes = Array(buffer: try await request.body.collect(upTo: 1 << 20))
            let id = request.headers[HTTPField.Name("webhook-id")!] ?? ""
            let timestamp = request.headers[HTTPField.Name("webhook-timestamp")!].flatMap { Int64($0) } ?? 0
            let signature = request.headers[HTTPField.Name("webhook-signature")!] ?? ""
            let key = self.secret.withLock { $0 }.flatMap(WebhookSignature.key(of:))
            let verified = key.map { signature == WebhookSignature.sign(id: id, timestamp: timestamp, body: bytes, key: $0) } ?? false
            let body = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            let index = self.received.withLock { received in
                received.append((Data(bytes), verified))
                return received.count - 1
            }
            guard verified else { return Response(status: .unauthorized) }
            if let reply = self.answer(index), let callback = body["callback"] as? [String: Any], let url = callback["url"] as? String,
                let token = callback["token"] as? String
            {
                let path = URLComponents(string: url)?.path ?? ""
                let port = self.accordPort.withLock { $0 }
                Task {
                    // Answers later, as a real system does, through a real HTTP client.
                    try? await Task.sleep(for: .milliseconds(50))
                    let result = await Self.transport.post(
                        url: "http://127.0.0.1:\(port)\(path)", connectingTo: nil,
                        headers: [("authorization", "Bearer \(token)"), ("content-type", "application/json")], body: Array(reply.utf8),
                        timeout: 10)
                    self.answered.withLock { $0.append(result.statusCode ?? 0) }
                }
            }
            return Response(status: .noContent)
        }
        var logger = Logger(label: "callback-receiver")
        logger.logLevel = .error
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
    }
}

/// Webhook connectors end to end (issue 14 §1): the signed POST to a real receiver on loopback, the callback with
/// its single-use token, the waiting state, reminders, `data` in the access package and denied answers.
@Suite struct ConnectorWebhookTests {
    final class Clock: Sendable {
        let offset = Mutex<TimeInterval>(0)
        var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    }

    struct Shifted: ServiceClock {
        let clock: Clock
        var now: Date { clock.now }
        func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
    }

    static func services(clock: Clock) async throws -> AccordServices {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        values[AbsoluteConfigKey(["webhooks", "allowInsecureLoopback"])] = .init(.bool(true), isSecret: false)
        values[AbsoluteConfigKey(["http", "publicUrl"])] = .init(.string("https://accord.example"), isSecret: false)
        let settings = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: values)))
        return try await AccordServices.bootstrap(
            store: InMemoryConsentStore(), settings: settings, rootKey: try RootKey(material: Array(repeating: 9, count: 32)),
            now: { clock.now })
    }

    static func waitFor(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<800 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    @Test func anAccessRequestCompletesOnlyAfterTheSystemCallsBackAndItsDataLandsInThePackage() async throws {
        let clock = Clock()
        let services = try await Self.services(clock: clock)
        let admin = bearer(services.createdAdminKey!)
        let data = #"{"orders":[{"id":7,"total":"9.90","note":"<script>x</script>"}],"tier":"gold"}"#
        let receiver = CallbackReceiver { index in
            index == 0 ? #"{"status":"inProgress","reason":"export queued"}"# : #"{"status":"completed","data":\#(data)}"#
        }
        let test = TestApplication(services: services, adminKey: services.createdAdminKey!)
        try await receiver.application.test(.live) { hook in
            try await test.application.test(.live) { client in
                receiver.accordPort.withLock { $0 = client.port! }
                let systems = "/v1/admin/properties/demo/systems"
                let refused = try await client.send(
                    .put, "\(systems)/crm", json: #"{"connector":{"kind":"webhook","url":"http://10.1.2.3/hook"}}"#, headers: admin)
                #expect(refused.status == .badRequest || refused.status == .unprocessableContent)
                #expect(refused.body.errorField == "connector.url", "a private address is refused like a webhook endpoint's")
                let url = "http://127.0.0.1:\(hook.port!)/hook"
                let put = try await client.send(.put, "\(systems)/crm", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                #expect(put.status == .created)
                let secret = try #require(put.body["secret"] as? String)
                #expect(secret.hasPrefix("whsec_"))
                receiver.secret.withLock { $0 = secret }
                let again = try await client.send(.put, "\(systems)/crm", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                #expect(again.status == .ok && again.body["secret"] == nil, "the secret is shown once and kept")
                #expect(try await client.send(.get, "\(systems)/crm", headers: admin).body["secret"] == nil)

                let requests = "/v1/admin/properties/demo/requests"
                let made = try await client.send(
                    .post, requests, json: #"{"type":"access","email":"Ann@Example.com","jurisdiction":"US-CA"}"#, headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                #expect(try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin).status == .accepted)

                // The first POST: signed, carrying the request, the address and a callback; the system says inProgress.
                try await Self.waitFor { receiver.callbackCount >= 1 }
                #expect(receiver.verified(0))
                let sent = try #require(receiver.body(0))
                #expect((sent["request"] as? [String: Any])?["id"] as? String == id)
                #expect((sent["request"] as? [String: Any])?["type"] as? String == "access")
                #expect((sent["identities"] as? [String: Any])?["email"] as? String == "Ann@example.com")
                #expect((sent["callback"] as? [String: Any])?["url"] as? String == "https://accord.example/v1/requests/callback")
                let firstToken = try #require((sent["callback"] as? [String: Any])?["token"] as? String)
                #expect(receiver.callback(0) == 200)

                func fulfilment() async throws -> [String: Any] {
                    try await client.send(.get, "\(requests)/\(id)", headers: admin).body["fulfilment"] as? [String: Any] ?? [:]
                }
                var shown = try await fulfilment()
                #expect(shown["status"] as? String == "waiting")
                let crm = try #require((shown["systems"] as? [[String: Any]])?.first)
                #expect(crm["status"] as? String == "waiting" && crm["dispatches"] as? Int == 1 && crm["reason"] as? String == "export queued")
                // The service's passes do not complete it while the system has not answered.
                let service = services.fulfilmentService(clock: Shifted(clock: clock), logger: ContactAPITests.quiet)
                _ = try await service.runOnce()
                #expect(try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "inProgress")
                #expect(receiver.count == 1, "no reminder before a day has passed")

                // Bad callbacks: no token, a forged one, a used one; each a clear 4xx.
                let callback = "/v1/requests/callback"
                let none = try await client.send(.post, callback, json: #"{"status":"completed"}"#)
                #expect(none.status == .unauthorized && none.body.errorCode == "callback_token_missing")
                let forged = try await client.send(
                    .post, callback, json: #"{"status":"completed"}"#, headers: bearer(String(firstToken.dropLast(2)) + "AA"))
                #expect(forged.status == .unauthorized && forged.body.errorCode == "callback_token_invalid")
                let reused = try await client.send(.post, callback, json: #"{"status":"completed"}"#, headers: bearer(firstToken))
                #expect(reused.status == .conflict && reused.body.errorCode == "callback_token_used")

                // A day later the silent system is reminded (a new token); its completed answer finishes the request.
                clock.offset.withLock { $0 = 24 * 3600 + 60 }
                _ = try await service.runOnce()
                try await Self.waitFor { try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "completed" }
                #expect(receiver.count == 2 && receiver.verified(1) && receiver.body(1)?["reminder"] as? Bool == true)
                #expect(receiver.callback(receiver.callbackCount - 1) == 200)
                shown = try await fulfilment()
                #expect(shown["status"] as? String == "done")
                #expect((shown["systems"] as? [[String: Any]])?.first?["status"] as? String == "done")
                let secondToken = try #require((receiver.body(1)?["callback"] as? [String: Any])?["token"] as? String)
                let late = try await client.send(.post, callback, json: #"{"status":"completed"}"#, headers: bearer(secondToken))
                #expect(late.status == .conflict && late.body.errorCode == "callback_token_used", "a token answers once")

                let package = try await client.execute(uri: "\(requests)/\(id)/package", method: .get, headers: admin)
                #expect(package.status == .ok)
                let zip = try #require(try RealUnzip.entries(Array(buffer: package.body)), "unzip -t and zipfile accept it")
                #expect(zip["data.json"]?.contains("gold") == true && zip["data.json"]?.contains("9.90") == true, "the webhook's data")
                let report = zip["report.html"] ?? ""
                #expect(report.contains("&lt;script&gt;x&lt;/script&gt;") && !report.contains("<td><script>"), "escaped in report.html")
                let timeline = try await services.store.requestTimeline(id, in: "demo")
                #expect(
                    !timeline.contains { ($0.entry.after ?? "").contains("gold") || ($0.entry.after ?? "").contains("ann@") }, "no value in audit")
            }
        }
    }

    @Test func aDeniedAnswerIsRecordedWithItsReasonAndAnExpiredTokenIsGone() async throws {
        let clock = Clock()
        let services = try await Self.services(clock: clock)
        let admin = bearer(services.createdAdminKey!)
        let receiver = CallbackReceiver { _ in nil }
        let test = TestApplication(services: services, adminKey: services.createdAdminKey!)
        try await receiver.application.test(.live) { hook in
            try await test.application.test(.router) { client in
                let url = "http://127.0.0.1:\(hook.port!)/hook"
                let put = try await client.send(
                    .put, "/v1/admin/properties/demo/systems/ads", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                receiver.secret.withLock { $0 = put.body["secret"] as? String }
                let requests = "/v1/admin/properties/demo/requests"
                let made = try await client.send(
                    .post, requests, json: #"{"type":"deletion","email":"bo@example.com","jurisdiction":"US-CA"}"#, headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                _ = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
                try await Self.waitFor { receiver.count >= 1 }
                let token = try #require((receiver.body(0)?["callback"] as? [String: Any])?["token"] as? String)
                let callback = "/v1/requests/callback"

                let noReason = try await client.send(.post, callback, json: #"{"status":"denied"}"#, headers: bearer(token))
                #expect(noReason.status == .unprocessableContent && noReason.body.errorField == "reason")
                let unknown = try await client.send(.post, callback, json: #"{"status":"done"}"#, headers: bearer(token))
                #expect(unknown.status == .unprocessableContent && unknown.body.errorField == "status")
                let working = try await client.send(.post, callback, json: #"{"status":"inProgress"}"#, headers: bearer(token))
                #expect(working.status == .ok && working.body["status"] as? String == "inProgress")
                let fresh = try #require((working.body["callback"] as? [String: Any])?["token"] as? String)
                #expect(fresh != token)
                let denied = try await client.send(
                    .post, callback, json: #"{"status":"denied","reason":"legal hold on the account"}"#, headers: bearer(fresh))
                #expect(denied.status == .ok)
                let shown = try await client.send(.get, "\(requests)/\(id)", headers: admin)
                let system = try #require(((shown.body["fulfilment"] as? [String: Any])?["systems"] as? [[String: Any]])?.first)
                #expect(system["status"] as? String == "denied" && system["reason"] as? String == "legal hold on the account")
                #expect(shown.body["status"] as? String == "completed", "a denied answer is an answer, recorded with its reason")

                // A token past the request's due date is refused with 410.
                clock.offset.withLock { $0 = 400 * 24 * 3600 }
                let expired = try await client.send(.post, callback, json: #"{"status":"completed"}"#, headers: bearer(fresh))
                #expect(expired.status == .gone && expired.body.errorCode == "callback_token_expired")
            }
        }
    }

    @Test func aSystemThatRefusesTheSignedPostIsRetriedAndShowsTheError() async throws {
        let clock = Clock()
        let services = try await Self.services(clock: clock)
        let admin = bearer(services.createdAdminKey!)
        let receiver = CallbackReceiver { _ in nil }
        let test = TestApplication(services: services, adminKey: services.createdAdminKey!)
        try await receiver.application.test(.live) { hook in
            try await test.application.test(.router) { client in
                let url = "http://127.0.0.1:\(hook.port!)/hook"
                _ = try await client.send(
                    .put, "/v1/admin/properties/demo/systems/ads", json: #"{"connector":{"kind":"webhook","url":"\#(url)"}}"#, headers: admin)
                // The receiver does not know the secret yet: every signature fails (401).
                let requests = "/v1/admin/properties/demo/requests"
                let made = try await client.send(
                    .post, requests, json: #"{"type":"deletion","email":"cy@example.com","jurisdiction":"US-CA"}"#, headers: admin)
                let id = try #require(made.body["id"] as? String)
                _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
                _ = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
                var system: [String: Any] = [:]
                try await Self.waitFor {
                    let shown = try await client.send(.get, "\(requests)/\(id)", headers: admin)
                    system = ((shown.body["fulfilment"] as? [String: Any])?["systems"] as? [[String: Any]])?.first ?? [:]
                    return system["status"] as? String == "failed"
                }
                #expect(system["error"] as? String == "the webhook answered 401" && system["attempts"] as? Int == 1)
                let service = services.fulfilmentService(clock: Shifted(clock: clock), logger: ContactAPITests.quiet)
                _ = try await service.runOnce()
                #expect(receiver.count == 1, "not again before the backoff")
                clock.offset.withLock { $0 = 31 }
                _ = try await service.runOnce()
                #expect(receiver.count == 2, "again after it")
            }
        }
    }
}
