import AccordCore
import Foundation
import Testing

@Suite struct FormTokenTests {
    let signer = FormTokenSigner(secret: Array(repeating: 3, count: 32))
    let subject = SubjectKey(bytes: Array(repeating: 1, count: 32))!
    let other = SubjectKey(bytes: Array(repeating: 2, count: 32))!
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func tokenIsGoodOnlyForWhatItWasIssuedFor() {
        let token = signer.make(.visitor, property: "demo", subject: subject, browser: "b1", at: now)
        #expect(signer.isValid(token, .visitor, property: "demo", subject: subject, browser: "b1", at: now))
        #expect(!signer.isValid(token, .link, property: "demo", subject: subject, browser: "b1", at: now))
        #expect(!signer.isValid(token, .visitor, property: "shop", subject: subject, browser: "b1", at: now))
        #expect(!signer.isValid(token, .visitor, property: "demo", subject: other, browser: "b1", at: now))
        #expect(!signer.isValid(token, .visitor, property: "demo", subject: subject, browser: "b2", at: now))
        let otherServer = FormTokenSigner(secret: Array(repeating: 4, count: 32))
        #expect(!otherServer.isValid(token, .visitor, property: "demo", subject: subject, browser: "b1", at: now))
    }

    @Test func tokenExpiresAndCannotBeRedated() {
        let token = signer.make(.visitor, property: "demo", subject: subject, browser: "b", at: now)
        let almost = now.addingTimeInterval(FormTokenSigner.lifetime - 1)
        #expect(signer.isValid(token, .visitor, property: "demo", subject: subject, browser: "b", at: almost))
        let late = now.addingTimeInterval(FormTokenSigner.lifetime + 1)
        #expect(!signer.isValid(token, .visitor, property: "demo", subject: subject, browser: "b", at: late))
        // Moving the issue time forward breaks the MAC.
        let mac = token.split(separator: ".")[1]
        let redated = "\(Int(late.timeIntervalSince1970)).\(mac)"
        #expect(!signer.isValid(redated, .visitor, property: "demo", subject: subject, browser: "b", at: late))
        for garbage in ["", ".", "abc.def", "1800000000", "1800000000.", String(repeating: "9", count: 80)] {
            #expect(!signer.isValid(garbage, .visitor, property: "demo", subject: subject, browser: "b", at: now))
        }
    }
}
