import AccordCore
import AccordStoreTesting
import Foundation
import Testing

/// The export lines added in format 3: what they hold, and that an older header cannot smuggle them in.
@Suite struct TransferDeliveryLinesTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    private func lines(of store: InMemoryConsentStore) async throws -> [String] {
        var lines: [String] = []
        _ = try await StoreExporter(store: store, includeSecrets: true).run(at: start) { lines.append($0) }
        return lines
    }

    private func storeWithEndpoint() async throws -> (InMemoryConsentStore, WebhookEndpoint) {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: fixture.property.id, url: "https://crm.example/in", events: [.consentWithdrawn],
            description: nil, status: .paused, secret: [9, 9, 9], createdAt: start, updatedAt: start)
        try await store.saveWebhookEndpoint(endpoint)
        return (store, endpoint)
    }

    @Test func anEndpointLineRoundTripsWithItsStoredSecret() async throws {
        let (store, endpoint) = try await storeWithEndpoint()
        let line = try #require(try await lines(of: store).first { $0.hasPrefix(#"{"type":"webhookEndpoint""#) })
        #expect(line.contains(#""secret":"CQkJ""#), "the stored bytes, base64")
        #expect(try TransferRecord(jsonLine: line) == .webhookEndpoint(endpoint))
    }

    @Test func deliveryLinesInAnOlderFormatAreRefusedByLine() async throws {
        let (store, _) = try await storeWithEndpoint()
        var lines = try await lines(of: store)
        lines[0] = lines[0].replacingOccurrences(of: #""format":\#(TransferRecord.format)"#, with: #""format":2"#)
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"webhookEndpoint""#) })
        try await StoreImporter.prepare(InMemoryConsentStore())
        var importer = StoreImporter(store: InMemoryConsentStore(), checksOnly: true)
        let error = await #expect(throws: TransferError.self) {
            for (number, line) in lines.enumerated() { try await importer.consume(line, number: number + 1) }
        }
        #expect(error?.line == index + 1)
        #expect(error?.reason == "a webhookEndpoint line in a format 2 export (webhookEndpoint lines came with format 3)")
    }

    @Test func aDeliveredOrUnknownChannelLineIsRefused() async throws {
        let line =
            #"{"type":"outboxDelivery","attempts":0,"channel":"webhook","createdAt":1,"destination":"wh_1","id":"msg_1","#
            + #""messageType":"consent.recorded","nextAttemptAt":1,"payload":"e30=","property":"demo","sequence":1,"status":"delivered"}"#
        #expect(throws: TransferError(line: nil, "outboxDelivery: status must be pending or dead")) { try TransferRecord(jsonLine: line) }
        let pigeon = line.replacingOccurrences(of: #""channel":"webhook""#, with: #""channel":"pigeon""#)
        #expect(throws: TransferError(line: nil, "outboxDelivery: unknown channel 'pigeon'")) { try TransferRecord(jsonLine: pigeon) }
    }
}
