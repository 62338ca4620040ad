import AccordCore
import Foundation
import Testing

@Suite struct ConsentMessagesTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func event(_ choices: [PurposeKey: ConsentChoice], subject: SubjectKey, offset: TimeInterval = 0) -> ConsentEvent {
        let time = start.addingTimeInterval(offset)
        return ConsentEvent(
            id: .make(at: time), property: "demo", subject: subject, choices: choices,
            expiresAt: choices.mapValues { _ in time.addingTimeInterval(86_400) }, regime: .optIn, region: "DE", locale: "de",
            policyVersion: 1, policyHash: "h", source: .banner, gpc: false, tcString: nil, gppString: nil, ipPrefix: "203.0.113.0",
            userAgent: "Firefox 133", clientTime: nil, recordedAt: time, idempotencyKey: nil, authentication: nil)
    }

    let subject = SubjectKey(bytes: Array(repeating: 7, count: 32))!

    @Test func everyEventIsRecordedAndATurnFromGrantedToDeniedIsAWithdrawal() {
        let grant = event(["analytics": .granted, "ads": .denied], subject: subject)
        let before = ConsentState()
        #expect(ConsentMessages.types(of: grant, before: before) == [.consentRecorded])
        let after = ConsentState(folding: [grant])
        let withdraw = event(["analytics": .denied, "ads": .denied], subject: subject, offset: 1)
        #expect(ConsentMessages.types(of: withdraw, before: after) == [.consentRecorded, .consentWithdrawn])
        #expect(ConsentMessages.withdrawn(by: withdraw, before: after) == ["analytics"])
        let regrant = event(["ads": .granted], subject: subject, offset: 2)
        #expect(ConsentMessages.types(of: regrant, before: ConsentState(folding: [grant, withdraw])) == [.consentRecorded])
    }

    @Test func expiryNoticesAndLinksHaveTheirOwnTypes() {
        var notice = event(["analytics": .granted], subject: subject)
        for (kind, type) in [(EventKind.expiring, WebhookEventType.consentExpiring), (.expired, .consentExpired), (.linked, .subjectLinked)] {
            notice.kind = kind
            #expect(ConsentMessages.types(of: notice, before: ConsentState()) == [type])
        }
    }

    @Test func payloadsCarryTheChangeAndTheWholeStateButNoRequestDetails() throws {
        let grant = event(["analytics": .granted, "ads": .granted], subject: subject)
        let withdraw = event(["ads": .denied], subject: subject, offset: 1)
        let before = ConsentState(folding: [grant])
        let bytes = ConsentMessages.payload(of: withdraw, before: before, after: ConsentState(folding: [grant, withdraw]))
        let data = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(data["eventId"] as? String == withdraw.id.rawValue && data["source"] as? String == "banner")
        #expect(data["policyVersion"] as? Int == 1 && data["property"] as? String == "demo")
        #expect((data["changes"] as? [[String: Any]])?.first?["status"] as? String == "denied")
        #expect(((data["state"] as? [String: Any])?.keys.sorted()) == ["ads", "analytics"])
        #expect(data["withdrawn"] as? [String] == ["ads"])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(!text.contains("203.0.113") && !text.contains("Firefox") && !text.contains(subject.hex))
    }

    @Test func messageIdsAreStablePerEventAndType() {
        let id = EventID(rawValue: "0190a1b2-c3d4-7e5f-8a9b-000000000001")
        #expect(ConsentMessages.messageID(of: id, type: .consentRecorded) == ConsentMessages.messageID(of: id, type: .consentRecorded))
        #expect(ConsentMessages.messageID(of: id, type: .consentRecorded) != ConsentMessages.messageID(of: id, type: .consentWithdrawn))
        #expect(ConsentMessages.messageID(of: id, type: .consentRecorded).count == 36)
    }

    @Test func messageIdsOfLaterEventsSortAfterThoseOfEarlierOnes() {
        let ids = (0..<50).map { step in
            ConsentMessages.messageID(of: EventID.make(at: start.addingTimeInterval(Double(step) / 100)), type: .consentRecorded)
        }
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.count == 36 && $0.hasPrefix("msg_0") })
        #expect(Set(ids).count == ids.count)
        // An imported id that is no UUID still gives 32 hex digits, all from the digest.
        let imported = ConsentMessages.messageID(of: EventID(rawValue: "legacy-42"), type: .consentRecorded)
        #expect(imported.count == 36 && imported.dropFirst(4).allSatisfy(\.isHexDigit))
    }

    @Test func everySubscribedEndpointOfThePropertyGetsDeliveriesWhateverItsStatus() {
        func endpoint(_ id: String, _ property: PropertyID, _ events: [WebhookEventType], _ status: WebhookEndpointStatus) -> WebhookEndpoint {
            WebhookEndpoint(
                id: id, property: property, url: "https://x.example/", events: events, description: nil, status: status, secret: [],
                createdAt: start, updatedAt: start)
        }
        let grant = event(["analytics": .granted], subject: subject)
        let notice = ConsentNotice(event: grant, before: ConsentState(), after: ConsentState(folding: [grant]))
        let entries = ConsentMessages.entries(
            of: [notice],
            endpoints: [
                endpoint("a", "demo", [.consentRecorded], .active), endpoint("b", "demo", [.consentRecorded], .paused),
                endpoint("c", "demo", [.consentRecorded], .failing), endpoint("d", "other", [.consentRecorded], .active),
                endpoint("e", "demo", [.consentWithdrawn], .active),
            ])
        #expect(entries.map(\.destinations) == [["a", "b", "c"]])
        #expect(ConsentMessages.entries(of: [notice], endpoints: []).isEmpty)
    }

    @Test func theBodyAddsSubjectAndSequenceAtDelivery() throws {
        let message = OutboxMessage(
            id: "msg_1", channel: .webhook, type: "consent.recorded", property: "demo", subject: subject,
            payload: Array(#"{"eventId":"e1"}"#.utf8), createdAt: start, sequence: 42)
        let known = try JSONSerialization.jsonObject(with: Data(WebhookBody.make(message, clearSubject: "user-7"))) as? [String: Any]
        let data = try #require(known?["data"] as? [String: Any])
        #expect(known?["type"] as? String == "consent.recorded" && known?["timestamp"] as? String == start.rfc3339)
        #expect(data["eventId"] as? String == "e1" && data["sequence"] as? Int == 42 && data["subject"] as? String == "user-7")
        #expect(data["subjectResolved"] as? Bool == true)
        let unknown = try JSONSerialization.jsonObject(with: Data(WebhookBody.make(message, clearSubject: nil))) as? [String: Any]
        let redacted = try #require(unknown?["data"] as? [String: Any])
        #expect(redacted["subject"] is NSNull && redacted["subjectResolved"] as? Bool == false)
        var bare = message
        bare.subject = nil
        bare.payload = Array("{}".utf8)
        let empty = try JSONSerialization.jsonObject(with: Data(WebhookBody.make(bare, clearSubject: nil))) as? [String: Any]
        #expect((empty?["data"] as? [String: Any])?.keys.sorted() == ["sequence"])
    }
}
