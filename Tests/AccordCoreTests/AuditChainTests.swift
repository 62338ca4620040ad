import Foundation
import Testing

@testable import AccordCore

@Suite struct AuditChainTests {
    let subject = SubjectKey(bytes: Array(repeating: 3, count: 32))!

    func event(_ offset: Int64) -> ConsentEvent {
        let time = Date(millisecondsSince1970: 1_790_000_000_000 + offset)
        return ConsentEvent(
            id: EventID(rawValue: "event-\(offset)"), property: "demo", subject: subject, choices: ["analytics": .granted],
            expiresAt: ["analytics": time.addingTimeInterval(86_400)], regime: .optIn, region: "FR", policyVersion: 1,
            policyHash: "abc", source: .banner, recordedAt: time)
    }

    func chain(of count: Int) -> [StoredEvent] {
        let name = AuditChain.chain(for: "demo", subject: subject)
        var head = ChainHead.genesis(of: name)
        return (0..<count).map { index in
            let link = AuditChain.link(event(Int64(index)), after: head)
            head = ChainHead(chain: name, position: link.position, hash: link.hash)
            return StoredEvent(event: event(Int64(index)), sequence: Int64(index + 1), link: link)
        }
    }

    func verify(_ events: [StoredEvent], heads: [ChainHead]? = nil) -> AuditVerifier.Failure? {
        var verifier = AuditVerifier()
        events.forEach { verifier.consume($0) }
        let last = events.last!.link
        return verifier.finish(heads: heads ?? [ChainHead(chain: last.chain, position: last.position, hash: last.hash)])
    }

    @Test func intactChainVerifies() {
        #expect(verify(chain(of: 5)) == nil)
    }

    @Test func everyFieldIsCoveredByTheHash() {
        let base = event(0)
        let hash = AuditChain.hash(of: base, chain: "c", position: 1, previousHash: "p")
        var variants: [ConsentEvent] = []
        var changed = base
        changed.choices = ["analytics": .denied]; variants.append(changed); changed = base
        changed.region = "DE"; variants.append(changed); changed = base
        changed.region = nil; variants.append(changed); changed = base
        changed.locale = "fr"; variants.append(changed); changed = base
        changed.gpc = true; variants.append(changed); changed = base
        changed.source = .api; variants.append(changed); changed = base
        changed.policyVersion = 2; variants.append(changed); changed = base
        changed.recordedAt = base.recordedAt.addingTimeInterval(0.001); variants.append(changed); changed = base
        changed.expiresAt = [:]; variants.append(changed); changed = base
        changed.ipPrefix = "1.2.3.0"; variants.append(changed); changed = base
        changed.tcString = "x"; variants.append(changed); changed = base
        changed.idempotencyKey = "k"; variants.append(changed); changed = base
        changed.authentication = .keyless(origin: "https://a.example"); variants.append(changed); changed = base
        changed.authentication = .apiKey(prefix: "acc_1"); variants.append(changed); changed = base
        changed.authentication = .preferenceLink; variants.append(changed)
        for variant in variants {
            #expect(AuditChain.hash(of: variant, chain: "c", position: 1, previousHash: "p") != hash)
        }
        #expect(AuditChain.hash(of: base, chain: "c", position: 2, previousHash: "p") != hash)
        #expect(AuditChain.hash(of: base, chain: "d", position: 1, previousHash: "p") != hash)
    }

    @Test func authenticationIsHashedAndItsKindsAreTellable() {
        var keyless = event(0)
        keyless.authentication = .keyless(origin: "https://a.example")
        var keyed = keyless
        keyed.authentication = .apiKey(prefix: "acc_1")
        let first = AuditChain.hash(of: keyless, chain: "c", position: 1, previousHash: "p")
        #expect(first != AuditChain.hash(of: keyed, chain: "c", position: 1, previousHash: "p"))
        // An event recorded before authentication was stored keeps its v1 bytes; newer ones are v2.
        #expect(AuditChain.canonicalBytes(of: event(0), chain: "c", position: 1).starts(with: Array("15:accord-event-v1;".utf8)))
        #expect(AuditChain.canonicalBytes(of: keyless, chain: "c", position: 1).starts(with: Array("15:accord-event-v2;".utf8)))
        #expect(Array(AuditChain.canonicalBytes(of: keyed, chain: "c", position: 1).suffix(12)) == Array("9:key acc_1;".utf8))
    }

    @Test func anOriginIsHashedAsV5AfterTheV4Fields() throws {
        var imported = event(0)
        imported.origin = EventOrigin(importedSource: "crm", importedVersion: "Privacy notice v3")
        let bytes = AuditChain.canonicalBytes(of: imported, chain: "c", position: 1)
        #expect(bytes.starts(with: Array("15:accord-event-v5;".utf8)))
        // Authentication, kind, linked subject and form reference absent, then the origin's sorted JSON.
        let origin = #"{"importedSource":"crm","importedVersion":"Privacy notice v3"}"#
        #expect(Array(bytes.suffix(8 + origin.utf8.count + 4)) == Array("-;-;-;-;\(origin.utf8.count):\(origin);".utf8))
        let hash = AuditChain.hash(of: imported, chain: "c", position: 1, previousHash: "p")
        var changed = imported
        changed.origin?.importedVersion = "Privacy notice v4"
        #expect(AuditChain.hash(of: changed, chain: "c", position: 1, previousHash: "p") != hash)
        changed.origin = EventOrigin(unsubscribe: .oneClick)
        #expect(AuditChain.hash(of: changed, chain: "c", position: 1, previousHash: "p") != hash)
        // An event without one keeps its earlier form byte for byte.
        #expect(AuditChain.canonicalBytes(of: event(0), chain: "c", position: 1).starts(with: Array("15:accord-event-v1;".utf8)))
        #expect(EventOrigin(text: origin) == imported.origin)
        #expect(EventOrigin(text: #"{"importedVersion":"Privacy notice v3","importedSource":"crm"}"#) == nil, "not canonical")
        #expect(EventOrigin(text: "{}") == nil)
    }

    @Test func editedEventIsNamed() {
        var events = chain(of: 5)
        events[2].event.choices = ["analytics": .denied]
        #expect(verify(events) == .hashMismatch(kind: "event", id: events[2].event.id.rawValue, chain: events[2].link.chain, position: 3))
    }

    @Test func removedEventBreaksTheNextLink() {
        var events = chain(of: 5)
        let removed = events.remove(at: 1)
        #expect(verify(events) == .brokenLink(kind: "event", id: events[1].event.id.rawValue, chain: removed.link.chain, position: 3))
    }

    @Test func truncatedChainIsCaughtByItsHead() {
        let events = chain(of: 5)
        let head = events.last!.link
        let failure = verify(Array(events.dropLast()), heads: [ChainHead(chain: head.chain, position: head.position, hash: head.hash)])
        #expect(failure == .headMismatch(chain: head.chain, expectedPosition: 5, foundPosition: 4))
    }

    @Test func genesisDiffersPerChain() {
        #expect(AuditChain.genesisHash(of: "demo/1") != AuditChain.genesisHash(of: "demo/2"))
    }
}

@Suite struct CanonicalEncodingTests {
    @Test(arguments: [Int64(0), 1, 9, 10, 99, 100, 1_790_000_000_123, -1, -250, Int64.max, Int64.min + 1])
    func integerFieldsAreTheirDecimalText(_ value: Int64) {
        var direct = CanonicalFields()
        direct.append(number: value)
        var text = CanonicalFields()
        text.append(String(value))
        #expect(direct.bytes == text.bytes)
    }

    @Test func eventIDsAreUUIDv7TextWithTheirTimeFirst() {
        let time = Date(millisecondsSince1970: 1_790_000_000_123)
        let id = EventID.make(at: time).rawValue
        #expect(id.count == 36)
        let parts = id.split(separator: "-").map(String.init)
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[2].first == "7")
        #expect(UInt64(parts[0] + parts[1], radix: 16) == 1_790_000_000_123)
        #expect(EventID.make(at: time) != EventID.make(at: time))
    }
}
