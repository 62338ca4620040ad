import AccordCore
import AccordServer
import Foundation
import Logging
import Synchronization
import Testing

/// `webhooks.yieldToWritesSeconds`: delivery waits while consent writes keep the writer busy, at most the maximum,
/// and never drops or reorders a message.
extension WebhookDeliveryTests {
    @Test func aBusyWriterHoldsDeliveriesBackAndTheyAllGoInOrderOnceItCalmsDown() async throws {
        let endpoint = try await endpoint(port: 9)
        let messages = try await enqueueTwoSubjectsLines(to: endpoint)
        let load = WriteLoad(window: .milliseconds(200), slots: 4)
        let busy = Task { while !Task.isCancelled { load.record(.milliseconds(100)); try? await Task.sleep(for: .milliseconds(10)) } }
        let transport = WebhookIDRecorder()
        let task = Task { try await service(transport, yield: DeliveryYield(load: load, maximum: .seconds(3600))).run() }
        try await Task.sleep(for: .milliseconds(400))
        #expect(transport.ids.isEmpty, "nothing is claimed while the writer is busy")
        busy.cancel()
        for _ in 0..<500 where transport.ids.count < messages.count { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        _ = try? await task.value
        try expectInOrder(transport.ids, messages)
    }

    @Test func aWriterBusyForLongerThanTheMaximumStillGetsEveryMessageOutInOrder() async throws {
        let endpoint = try await endpoint(port: 9)
        let messages = try await enqueueTwoSubjectsLines(to: endpoint)
        let load = WriteLoad(window: .milliseconds(200), slots: 4)
        let busy = Task { while !Task.isCancelled { load.record(.milliseconds(100)); try? await Task.sleep(for: .milliseconds(10)) } }
        let transport = WebhookIDRecorder()
        let task = Task { try await service(transport, yield: DeliveryYield(load: load, maximum: .milliseconds(100))).run() }
        for _ in 0..<500 where transport.ids.count < messages.count { try await Task.sleep(for: .milliseconds(10)) }
        #expect(load.utilisation() >= 0.5, "still busy when the last went out")
        busy.cancel()
        task.cancel()
        _ = try? await task.value
        try expectInOrder(transport.ids, messages)
    }

    /// Three messages each for two subjects, interleaved.
    private func enqueueTwoSubjectsLines(to endpoint: WebhookEndpoint) async throws -> [OutboxMessage] {
        let subjects = [ContractFixtureSubjects.make(), ContractFixtureSubjects.make()]
        let messages = (0..<6).map { message(subjects[$0 % 2], Double($0)) }
        try await store.enqueue(messages.map { OutboxEntry(message: $0, destinations: [endpoint.id]) })
        return messages
    }

    private func service(_ transport: WebhookIDRecorder, yield: DeliveryYield) -> WebhookDeliveryService {
        let sender = WebhookSender(
            transport: transport, resolver: NoSubjectNames(), hosts: SystemHostResolver(), secrets: WebhookSecretBox(root: nil),
            rule: WebhookURLRule(allowInsecureLoopback: true))
        return WebhookDeliveryService(
            store: store, sender: sender, clock: ManualClock(start.addingTimeInterval(10)), logger: Logger(label: "t"), batch: 2,
            yield: yield)
    }

    /// Every message sent exactly once, each subject's in the order they were written.
    private func expectInOrder(_ sent: [String], _ messages: [OutboxMessage]) throws {
        #expect(sent.count == messages.count && Set(sent) == Set(messages.map(\.id)))
        for subject in Set(messages.compactMap(\.subject)) {
            let line = messages.filter { $0.subject == subject }.map(\.id)
            #expect(sent.filter { line.contains($0) } == line)
        }
    }
}

/// Answers 200 and keeps the `webhook-id` of every request, in the order sent.
final class WebhookIDRecorder: WebhookTransport {
    private let sent = Mutex<[String]>([])

    var ids: [String] { sent.withLock { $0 } }

    func post(url: String, connectingTo address: IPAddress?, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async
        -> TransportResult
    {
        let id = headers.first { $0.0 == "webhook-id" }?.1 ?? ""
        sent.withLock { $0.append(id) }
        return TransportResult(statusCode: 200)
    }
}
