import AccordCore
import Foundation
import Testing

@Suite struct PreferenceLinkTests {
    let sealer = PreferenceLinkSealer(secret: Array(repeating: 7, count: 32))
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func opensToTheSubjectUntilItExpires() throws {
        let token = try sealer.seal(subject: "ada@example.com", property: "demo", expires: now + 3_600)
        let opened = try sealer.open(token, property: "demo", now: now)
        #expect(opened.subject == "ada@example.com")
        #expect(opened.expires == now + 3_600)
        #expect(!token.contains("ada"))
        #expect(throws: PreferenceLinkSealer.LinkError.expired(now + 3_600)) {
            try sealer.open(token, property: "demo", now: now + 3_600)
        }
    }

    @Test func refusesAnotherPropertyAnotherServerAndAnyChangedCharacter() throws {
        let token = try sealer.seal(subject: "crm-42", property: "demo", expires: now + 60)
        #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try sealer.open(token, property: "shop", now: now) }
        let other = PreferenceLinkSealer(secret: Array(repeating: 8, count: 32))
        #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try other.open(token, property: "demo", now: now) }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for index in token.indices {
            var changed = token
            let replacement = alphabet.first { $0 != token[index] }!
            changed.replaceSubrange(index...index, with: String(replacement))
            #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try sealer.open(changed, property: "demo", now: now) }
        }
        for junk in ["", "x", String(repeating: "A", count: 600), "not base64 at all!"] {
            #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try sealer.open(junk, property: "demo", now: now) }
        }
    }

    @Test func twoLinksForOneSubjectDiffer() throws {
        let first = try sealer.seal(subject: "crm-42", property: "demo", expires: now + 60)
        let second = try sealer.seal(subject: "crm-42", property: "demo", expires: now + 60)
        // A random nonce each time: links cannot be compared to tell that two emails went to one person.
        #expect(first != second)
    }
}
