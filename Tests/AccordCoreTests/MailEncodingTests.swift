import AccordCore
import Foundation
import Testing

@Suite struct MailEncodingTests {
    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatIsNotPlain() {
        let encoded = MailEncoding.quotedPrintable("Grüße = ok \nline with trailing space \n" + String(repeating: "x", count: 200))
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines[0] == "Gr=C3=BC=C3=9Fe =3D ok=20")
        #expect(lines[1] == "line with trailing space=20")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(lines.dropFirst(2).dropLast().allSatisfy { $0.hasSuffix("=") })
    }

    @Test func headerTextIsPlainForASCIIAndEncodedWordsOtherwise() {
        #expect(MailEncoding.headerText("Confirm your address") == "Confirm your address")
        #expect(MailEncoding.headerText("a\r\nBcc: x@y.z") == "a  Bcc: x@y.z")
        let encoded = MailEncoding.headerText(String(repeating: "ä", count: 40))
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count == 3)
        #expect(words.allSatisfy { $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") && $0.utf8.count <= 52 })
        let decoded = words.map { String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self) }
        #expect(decoded.joined() == String(repeating: "ä", count: 40))
        #expect(MailEncoding.displayName("Shop \"A\"") == "\"Shop \\\"A\\\"\"")
    }

    @Test func dotStuffingDoublesLeadingDotsAndTerminates() {
        let stuffed = String(decoding: MailEncoding.dotStuffed(Array(".a\r\nb\n..c\r\n.".utf8)), as: UTF8.self)
        #expect(stuffed == "..a\r\nb\r\n...c\r\n..\r\n.\r\n")
    }

    @Test func renderedMessageHasBothPartsAndRFC5322Headers() {
        let message = MailMessage(
            from: "no@a.example", fromName: "Shop", to: "p@b.example", subject: "Hi", text: "T", html: "<p>H</p>", language: "en")
        let envelope = message.rendered(date: Date(timeIntervalSince1970: 0), messageID: "id@a.example", boundarySeed: "b1")
        let text = String(decoding: envelope.data, as: UTF8.self)
        #expect(envelope.from == "no@a.example" && envelope.recipients == ["p@b.example"])
        #expect(text.hasPrefix("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\nFrom: \"Shop\" <no@a.example>\r\nTo: <p@b.example>\r\nSubject: Hi\r\n"))
        #expect(
            text.contains(
                "Content-Type: multipart/alternative; boundary=\"=_accord_b1\"\r\n\r\n--=_accord_b1\r\nContent-Type: text/plain; charset=utf-8"))
        #expect(text.contains("Content-Type: text/html; charset=utf-8"))
        #expect(text.hasSuffix("--=_accord_b1--\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }

    @Test(arguments: [
        ("anna@example.com", "anna@example.com"), ("Anna.B+tag@Example.COM", "Anna.B+tag@example.com"),
    ])
    func acceptedAddresses(_ input: String, _ normalized: String) {
        #expect(EmailAddress.normalized(input) == normalized)
    }

    @Test(arguments: [
        "", "anna", "anna@", "@example.com", "anna@localhost", "a b@example.com", "anna@exa mple.com", ".anna@example.com",
        "an..na@example.com", "anna@-example.com", "anna@example.com\r\nRCPT TO:<x@y.z>", "<anna@example.com>",
        "änna@example.com", " anna@example.com", "anna@example.com\n", String(repeating: "a", count: 250) + "@example.com",
    ])
    func refusedAddresses(_ input: String) {
        #expect(EmailAddress.normalized(input) == nil)
    }
}

@Suite struct SubjectVaultCipherTests {
    let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))
    let subject = SubjectKey(bytes: Array(repeating: 5, count: 32))!

    @Test func entriesOpenOnlyForTheirOwnSubjectAndServerKey() throws {
        let entry = try cipher.entry(for: "customer-1", subject: subject, in: "shop", at: Date())
        #expect(try cipher.identity(of: entry) == "customer-1")
        var moved = entry
        moved.subject = SubjectKey(bytes: Array(repeating: 6, count: 32))!
        #expect(throws: SubjectVaultCipher.Unreadable.self) { try cipher.identity(of: moved) }
        var otherProperty = entry
        otherProperty.property = "other"
        #expect(throws: SubjectVaultCipher.Unreadable.self) { try cipher.identity(of: otherProperty) }
        #expect(throws: SubjectVaultCipher.Unreadable.self) {
            try SubjectVaultCipher(secret: Array(repeating: 4, count: 32)).identity(of: entry)
        }
        // Two entries for the same subject have different data keys: a copy for one never opens with the other.
        let again = try cipher.entry(for: "customer-1", subject: subject, in: "shop", at: Date())
        let copy = try cipher.sealCopy(Array("x".utf8), for: entry)
        #expect(try cipher.openCopy(copy, with: entry) == Array("x".utf8))
        #expect(throws: SubjectVaultCipher.Unreadable.self) { try cipher.openCopy(copy, with: again) }
    }

    @Test func contactConfirmationTokenHoldsNoAddressAndIsBoundToTheProperty() throws {
        let sealer = ContactConfirmationSealer(secret: Array(repeating: 8, count: 32))
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let token = try sealer.seal(subject: subject, email: "anna@example.com", property: "shop", expires: now.addingTimeInterval(60))
        let opened = try sealer.open(token, property: "shop", now: now)
        #expect(opened.subject == subject)
        #expect(opened.emailDigest == SubjectContact.digest(of: "anna@example.com"))
        #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try sealer.open(token, property: "other", now: now) }
        #expect(throws: PreferenceLinkSealer.LinkError.self) { try sealer.open(token, property: "shop", now: now.addingTimeInterval(61)) }
        #expect(throws: PreferenceLinkSealer.LinkError.invalid) { try sealer.open(token + "A", property: "shop", now: now) }
    }
}
