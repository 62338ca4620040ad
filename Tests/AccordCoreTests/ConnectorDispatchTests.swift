import Foundation
import Testing

@testable import AccordCore

/// The pure parts of webhook connectors (issue 14 §1): callback tokens, when a system is sent the request, and a
/// webhook's `data` as package collections.
@Suite struct ConnectorDispatchTests {
    let key = Array(repeating: UInt8(4), count: 32)
    let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func aCallbackTokenVerifiesOnlyWithItsKeyAndUntilItExpires() throws {
        let token = CallbackToken(property: "demo", request: "req_1", system: "crm", expires: now.addingTimeInterval(3600))
        let text = token.signed(key: key)
        #expect(try CallbackToken.verify(text, key: key, now: now) == token)
        #expect(throws: CallbackToken.Problem.forged) { try CallbackToken.verify(text, key: Array(repeating: 5, count: 32), now: now) }
        #expect(throws: CallbackToken.Problem.expired) { try CallbackToken.verify(text, key: key, now: now.addingTimeInterval(3600)) }
        // Claims changed but the MAC kept: forged.
        let other = CallbackToken(property: "demo", request: "req_2", system: "crm", expires: now.addingTimeInterval(3600))
        let swapped = other.signed(key: key).split(separator: ".")[0] + "." + text.split(separator: ".")[1]
        #expect(throws: CallbackToken.Problem.forged) { try CallbackToken.verify(String(swapped), key: key, now: now) }
        #expect(throws: CallbackToken.Problem.forged) { try CallbackToken.verify("not-a-token", key: key, now: now) }
        #expect(token.nonce != other.nonce && token.nonce.count == 32)
    }

    func system(_ status: String, dispatchedAt: Date? = nil, failedAt: Date? = nil, attempts: Int = 0) -> FulfilmentProgress.SystemProgress {
        var system = FulfilmentProgress.SystemProgress(
            name: "crm", kind: "webhook", status: status, rows: nil, shared: [], retained: [], reason: nil, error: nil, attempts: attempts,
            failedAt: failedAt)
        system.dispatchedAt = dispatchedAt
        return system
    }

    @Test func aWebhookSystemIsSentOnceThenRemindedDailyAndRetriedAfterItsBackoff() {
        #expect(ConnectorDispatch.isDue(system("waiting"), at: now), "never sent")
        #expect(!ConnectorDispatch.isDue(system("waiting", dispatchedAt: now.addingTimeInterval(-3600)), at: now))
        #expect(ConnectorDispatch.isDue(system("waiting", dispatchedAt: now.addingTimeInterval(-86_400)), at: now), "a reminder")
        #expect(!ConnectorDispatch.isDue(system("failed", failedAt: now.addingTimeInterval(-10), attempts: 1), at: now))
        #expect(ConnectorDispatch.isDue(system("failed", failedAt: now.addingTimeInterval(-30), attempts: 1), at: now))
        #expect(!ConnectorDispatch.isDue(system("done"), at: now) && !ConnectorDispatch.isDue(system("denied"), at: now))
    }

    @Test func webhookDataBecomesCollectionsOfTextRows() {
        let json = #"{"orders":[{"id":7,"paid":true,"lines":[1,2]}],"tier":"gold","since":null}"#
        let collections = ConnectorData.collections(fromJSON: Array(json.utf8))
        #expect(collections["orders"]?.rows == [["id": "7", "paid": "true", "lines": "[1,2]"]])
        #expect(collections["data"]?.rows == [["tier": "gold", "since": nil]])
        #expect(ConnectorData.collections(fromJSON: Array("[1]".utf8)).isEmpty)
    }

    @Test func packageFileNamesCannotLeaveTheirFolder() {
        #expect(AccessPackage.safeName("../ledger scan.csv") == "_ledger_scan.csv")
        #expect(AccessPackage.safeName("...") == "file")
        #expect(AccessPackage.safeName("Résumé.pdf") == "R_sum_.pdf")
    }
}

/// Configuration as code and the connectors' new fields: the assignee round-trips, the signing secret never leaves
/// and is kept on apply.
@Suite struct ConnectorDocumentTests {
    @Test func aDocumentKeepsTheAssigneeAndApplyingItKeepsTheWebhookSecret() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let manual = DataSystem(
            property: "demo", key: "ledger", name: "Ledger", connector: Connector(kind: .manual, instructions: "i", assignee: "a@example.org"),
            updatedAt: now)
        #expect(SystemDocument(manual).system(property: "demo", key: "ledger", at: now).connector?.assignee == "a@example.org")
        let stored = Connector(kind: .webhook, url: "https://crm.example/hook", secret: [1, 2, 3])
        let webhook = DataSystem(property: "demo", key: "crm", name: "CRM", connector: stored, updatedAt: now)
        let document = SystemDocument(webhook)
        let encoded = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        #expect(!encoded.contains("secret"), "the secret is never exported")
        #expect(document.system(property: "demo", key: "crm", at: now, existing: stored).connector?.secret == [1, 2, 3])
        #expect(document.system(property: "demo", key: "crm", at: now).connector?.secret == nil)
    }
}
