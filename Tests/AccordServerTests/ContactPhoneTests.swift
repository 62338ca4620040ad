import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// The vault's second contact point: a phone number given beside the address, kept sealed in E.164.
@Suite struct ContactPhoneTests {
    let contact = "/v1/properties/demo/subjects/customer-7/contact"

    @Test func aPhoneNumberIsKeptInE164BesideTheAddressAndSealed() async throws {
        let test = try await TestApplication.make()
        let token = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .post, contact, json: #"{"email":"anna@example.com","phone":"+49 (151) 123-45678"}"#, headers: bearer(token))
            #expect(answer.status == .created)
            #expect(answer.body["phone"] as? String == "+4915112345678")
            // A later address without a phone keeps the number.
            let again = try await client.send(.post, contact, json: #"{"email":"anna@example.org"}"#, headers: bearer(token))
            #expect(again.body["phone"] as? String == "+4915112345678")
        }
        let subject = test.services.recorder.subjectKey(for: "customer-7", in: "demo")
        #expect(try await test.services.directory.contact(of: subject, in: "demo")?.phone == "+4915112345678")
        let entry = try #require(try await test.services.store.vaultEntry(of: subject, in: "demo"))
        #expect(!String(decoding: entry.contact ?? [], as: UTF8.self).contains("4915112345678"), "sealed, not in clear")
    }

    @Test(arguments: [#""0151 12345678""#, #""+0151234567""#, #""+49 151 1234 5678 9999""#, #""+49abc1234567""#, #""""#])
    func aMalformedPhoneNumberIs422NamingTheField(phone: String) async throws {
        let test = try await TestApplication.make()
        let token = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            let answer = try await client.send(
                .post, contact, json: #"{"email":"anna@example.com","phone":\#(phone)}"#, headers: bearer(token))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "phone_invalid" && answer.body.errorField == "phone")
        }
        let subject = test.services.recorder.subjectKey(for: "customer-7", in: "demo")
        #expect(try await test.services.directory.contact(of: subject, in: "demo") == nil, "nothing stored")
    }
}
