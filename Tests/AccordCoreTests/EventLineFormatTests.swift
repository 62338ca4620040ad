import AccordCore
import Foundation
import Testing

/// The export's event lines are a contract: these bytes were written by the field-by-field `EventLine` and must
/// not change, whatever the code that writes them.
@Suite struct EventLineFormatTests {
    static let subject = SubjectKey(hex: String(repeating: "ab", count: 31) + "0f")!

    static let full = StoredEvent(
        event: ConsentEvent(
            id: EventID(rawValue: "0190f1b2-0000-7000-8000-000000000001"), property: "shop", subject: subject,
            choices: ["analytics": .granted, "ad_storage": .denied],
            expiresAt: ["analytics": Date(millisecondsSince1970: 1_821_536_000_000), "ad_storage": Date(millisecondsSince1970: 1_821_536_000_001)],
            regime: .optOut, region: "US-CA", locale: "en-US", policyVersion: 3, policyHash: "abc123", source: .preferenceCenter,
            gpc: true, tcString: "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA", gppString: "DBABMA~CPXx/Rf", ipPrefix: "2001:db8::",
            userAgent: "Firefox 133", clientTime: Date(millisecondsSince1970: 1_790_000_000_123),
            recordedAt: Date(millisecondsSince1970: 1_790_000_000_456), idempotencyKey: "key-\u{e9}\"1",
            authentication: .keyless(origin: "https://shop.example/")),
        sequence: 42, link: ChainLink(chain: "shop/15", position: 7, previousHash: "00ff", hash: "ff00"))

    static let bare = StoredEvent(
        event: ConsentEvent(
            id: EventID(rawValue: "e2"), property: "shop", subject: subject, choices: [:], expiresAt: [:], regime: .optIn,
            policyVersion: 1, policyHash: "h", source: .api, recordedAt: Date(millisecondsSince1970: 5)),
        sequence: 1, link: ChainLink(chain: "shop/15", position: 1, previousHash: "g", hash: "h1"))

    static let fullLine = #"""
        {"type":"event","authentication":"keyless https://shop.example/","chain":"shop/15","choices":{"ad_storage":"denied","analytics":"granted"},"clientTime":1790000000123,"expiresAt":{"ad_storage":1821536000001,"analytics":1821536000000},"gpc":true,"gppString":"DBABMA~CPXx/Rf","hash":"ff00","id":"0190f1b2-0000-7000-8000-000000000001","idempotencyKey":"key-é\"1","ipPrefix":"2001:db8::","locale":"en-US","policyHash":"abc123","policyVersion":3,"position":7,"previousHash":"00ff","property":"shop","recordedAt":1790000000456,"regime":"optOut","region":"US-CA","source":"preferenceCenter","subject":"ababababababababababababababababababababababababababababababab0f","tcString":"CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA","userAgent":"Firefox 133"}
        """#

    static let bareLine = #"""
        {"type":"event","chain":"shop/15","choices":{},"expiresAt":{},"gpc":false,"hash":"h1","id":"e2","policyHash":"h","policyVersion":1,"position":1,"previousHash":"g","property":"shop","recordedAt":5,"regime":"optIn","source":"api","subject":"ababababababababababababababababababababababababababababababab0f"}
        """#

    @Test(arguments: [(full, fullLine), (bare, bareLine)])
    func eventLineBytesAreUnchanged(_ stored: StoredEvent, _ line: String) throws {
        #expect(try TransferRecord.event(stored).jsonLine() == line)
        var withoutSequence = stored
        withoutSequence.sequence = 0
        #expect(try TransferRecord(jsonLine: line) == .event(withoutSequence))
    }

    @Test(arguments: [
        (#""regime":"optOut""#, #""regime":"bogus""#, "event: field 'regime' is not valid"),
        (#""source":"preferenceCenter""#, #""source":"mind""#, "event: field 'source' is not valid"),
        (#""authentication":"keyless https://shop.example/""#, #""authentication":"someone""#, "event: field 'authentication' is not valid"),
        (#""analytics":"granted""#, #""analytics":"maybe""#, "event: field 'choices.analytics' is not valid"),
        (#""subject":"ab"#, #""subject":"zz"#, "event: field 'subject' is not valid"),
        (#""recordedAt":"#, #""recordedAtX":"#, "event: missing field 'recordedAt'"),
    ])
    func badFieldIsNamed(_ original: String, _ replacement: String, _ reason: String) throws {
        let line = Self.fullLine.replacingOccurrences(of: original, with: replacement)
        #expect(line != Self.fullLine)
        let error = #expect(throws: TransferError.self) { try TransferRecord(jsonLine: line) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(error?.reason ?? "")")
    }
}
