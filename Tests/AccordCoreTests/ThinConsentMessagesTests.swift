import AccordCore
import Foundation
import Testing

/// Consent messages are stored as a reference to their event and rendered at delivery from the subject's history:
/// the same bytes the event's transaction would have written, every time.
@Suite struct ThinConsentMessagesTests {
    let base = ConsentMessagesTests()

    @Test func aStoredMessageOnlyRefersToItsEvent() {
        let grant = base.event(["analytics": .granted], subject: base.subject)
        let messages = ConsentMessages.messages(of: grant, before: ConsentState(), after: ConsentState(folding: [grant]))
        #expect(messages.map(\.payload) == [Array(#"{"renderFromEvent":"\#(grant.id.rawValue)"}"#.utf8)])
        #expect(ConsentMessages.referencedEvent(in: messages[0].payload) == grant.id)
    }

    @Test func wholePayloadsAndOddReferencesAreNotTakenForReferences() {
        let grant = base.event(["analytics": .granted], subject: base.subject)
        let whole = ConsentMessages.payload(of: grant, before: ConsentState(), after: ConsentState(folding: [grant]))
        #expect(ConsentMessages.referencedEvent(in: whole) == nil)
        #expect(ConsentMessages.referencedEvent(in: Array(#"{"renderFromEvent":"a","x":"b"}"#.utf8)) == nil)
        #expect(ConsentMessages.referencedEvent(in: Array(#"{"renderFromEvent":""}"#.utf8)) == nil)
        #expect(ConsentMessages.referencedEvent(in: Array(#"{"eventId":"e"}"#.utf8)) == nil)
        #expect(ConsentMessages.referencedEvent(in: Array("{}".utf8)) == nil)
    }

    @Test func renderingFromTheHistoryGivesWhatTheTransactionKnew() throws {
        let grant = base.event(["analytics": .granted, "ads": .granted], subject: base.subject)
        let withdraw = base.event(["ads": .denied], subject: base.subject, offset: 1)
        let later = base.event(["analytics": .denied], subject: base.subject, offset: 2)
        let direct = ConsentMessages.payload(
            of: withdraw, before: ConsentState(folding: [grant]), after: ConsentState(folding: [grant, withdraw]))
        #expect(ConsentMessages.payload(of: withdraw.id, history: [grant, withdraw]) == direct)
        #expect(ConsentMessages.payload(of: withdraw.id, history: [grant, withdraw, later]) == nil, "the history must end with the event")
        let data = try #require(try JSONSerialization.jsonObject(with: Data(direct)) as? [String: Any])
        #expect(data["withdrawn"] as? [String] == ["ads"])
    }
}
