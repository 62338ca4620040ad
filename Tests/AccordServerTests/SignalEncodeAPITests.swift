import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SignalEncodeAPITests {
    let encode = "/v1/properties/demo/tcf/encode"
    let admin = "/v1/admin/properties/demo"

    func enableTCF(_ test: TestApplication, _ client: some TestClientProtocol) async throws {
        let patch = #"{"tcfEnabled":true,"gppEnabled":true,"tcfPurposeMapping":{"necessary":[1],"marketing":[2,3,4],"analytics":[7,8,9]}}"#
        #expect(try await client.send(.patch, admin, json: patch, headers: bearer(test.adminKey)).status == .ok)
        let list = try VendorListAPITests.sample
        #expect(try await client.send(.put, "/v1/properties/demo/gvl", json: list, headers: bearer(test.adminKey)).status == .ok)
    }

    @Test func browserGetsTCAndGPPStringsThatTheConsentEndpointAccepts() async throws {
        let test = try await TestApplication.make(settings: ["tcf.cmpId": .int(300)])
        try await test.application.test(.router) { client in
            try await enableTCF(test, client)
            let answer = try await client.send(
                .post, encode, json: #"{"choices":{"marketing":"granted","analytics":"denied"},"region":"DE","locale":"de"}"#,
                headers: localOrigin)
            #expect(answer.status == .ok)
            #expect(answer.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let tcString = try #require(answer.body["tcString"] as? String)
            let tc = try #require(answer.body["tc"] as? [String: Any])
            #expect(tc["purposesConsent"] as? [Int] == [1, 2, 3, 4])
            #expect(tc["vendorConsents"] as? [Int] == [755])
            #expect(tc["cmpId"] as? Int == 300)
            #expect(tc["consentLanguage"] as? String == "DE")
            let gpp = try #require(answer.body["gppString"] as? String)
            #expect(((answer.body["gpp"] as? [String: Any])?["sections"] as? [String: Any])?["tcfeuv2"] != nil)
            let recorded = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"v1","tcString":"\#(tcString)","gppString":"\#(gpp)","region":"DE"}"#, headers: localOrigin)
            #expect(recorded.status == .created)
            let purposes = (recorded.body["state"] as? [String: Any])?["purposes"] as? [String: [String: Any]]
            #expect(purposes?["marketing"]?["status"] as? String == "granted")
            #expect(purposes?["analytics"]?["status"] as? String == "denied")
            let us = try await client.send(
                .post, encode, json: #"{"choices":{"marketing":"denied"},"region":"US-CA","gpc":true}"#, headers: localOrigin)
            let sections = ((us.body["gpp"] as? [String: Any])?["sections"] as? [String: Any])?.keys.sorted()
            #expect(sections == ["usnat", "uspv1"])
        }
    }

    @Test func encodingNeedsACMPIdAVendorListAnAllowedOriginAndKnownPurposes() async throws {
        let unregistered = try await TestApplication.make()
        try await unregistered.application.test(.router) { client in
            try await enableTCF(unregistered, client)
            let answer = try await client.send(.post, encode, json: #"{"choices":{}}"#, headers: localOrigin)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == "tcf_cmp_id_missing")
        }
        let test = try await TestApplication.make(settings: ["tcf.cmpId": .int(300)])
        try await test.application.test(.router) { client in
            let disabled = try await client.send(.post, encode, json: #"{"choices":{}}"#, headers: localOrigin)
            #expect(disabled.body.errorCode == "tcf_not_enabled")
            let patch = #"{"tcfEnabled":true}"#
            #expect(try await client.send(.patch, admin, json: patch, headers: bearer(test.adminKey)).status == .ok)
            let noList = try await client.send(.post, encode, json: #"{"choices":{}}"#, headers: localOrigin)
            #expect(noList.body.errorCode == "gvl_not_found")
            #expect(noList.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            try await enableTCF(test, client)
            let unknown = try await client.send(.post, encode, json: #"{"choices":{"ads":"granted"}}"#, headers: localOrigin)
            #expect(unknown.body.errorCode == "purpose_unknown")
            let foreign = try await client.send(.post, encode, json: #"{"choices":{}}"#, headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
            let preflight = try await client.send(
                .options, encode, headers: [.origin: "http://localhost:3000", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
        }
    }
}
