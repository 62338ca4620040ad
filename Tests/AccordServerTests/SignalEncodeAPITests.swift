import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SignalEncodeAPITests {
    let encode = "/v1/properties/demo/tcf/encode"
    let admin = "/v1/admin/properties/demo"

    func enableTCF(_ test: TestApplication, _ client: some TestClientProtocol) async throws {
        let patch = #"{"tcfEnabled":true,"gppEnabled":true,"tcfPurposeMapping":{"marketing":[1,2,3,4],"analytics":[7,8,9]}}"#
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
            #expect(tc["vendorConsents"] as? [Int] == [4, 755])
            #expect(tc["cmpId"] as? Int == 300)
            #expect(tc["consentLanguage"] as? String == "DE")
            let gpp = try #require(answer.body["gppString"] as? String)
            #expect(((answer.body["gpp"] as? [String: Any])?["sections"] as? [String: Any])?["tcfeuv2"] != nil)
            let recorded = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"\#(visitorOne)","tcString":"\#(tcString)","gppString":"\#(gpp)","region":"DE"}"#, headers: localOrigin)
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

    @Test func vendorLayerChoicesShapeTheTCString() async throws {
        let test = try await TestApplication.make(settings: ["tcf.cmpId": .int(300)])
        try await test.application.test(.router) { client in
            try await enableTCF(test, client)
            let body = #"""
                {"choices":{"marketing":"granted","analytics":"granted"},"region":"DE","vendorsRefused":[755],
                 "vendorObjections":[755],"purposeObjections":[2],"specialFeatureOptIns":[1,2]}
                """#
            let answer = try await client.send(.post, encode, json: body, headers: localOrigin)
            #expect(answer.status == .ok)
            let tc = try #require(answer.body["tc"] as? [String: Any])
            #expect(tc["vendorConsents"] as? [Int] == [4])
            #expect(tc["vendorLegitimateInterests"] as? [Int] == [])
            #expect(tc["purposesLITransparency"] as? [Int] == [7])
            // Vendor 4 declares special feature 2; no disclosed vendor declares 1.
            #expect(tc["specialFeatureOptIns"] as? [Int] == [2])
            let decoded = try await client.send(
                .get, "/v1/strings/tcf/\(try #require(answer.body["tcString"] as? String))",
                headers: bearer(try await test.key([.consentsRead])))
            #expect(decoded.body["vendorConsents"] as? [Int] == [4])
            #expect(decoded.body["specialFeatureOptIns"] as? [Int] == [2])
            for (json, field) in [
                (#"{"vendorsRefused":[0]}"#, "vendorsRefused[0]"), (#"{"purposeObjections":[3,12]}"#, "purposeObjections[1]"),
                (#"{"specialFeatureOptIns":[13]}"#, "specialFeatureOptIns[0]"), (#"{"vendorObjections":[70000]}"#, "vendorObjections[0]"),
            ] {
                let refused = try await client.send(.post, encode, json: json, headers: localOrigin)
                #expect(refused.status == .unprocessableContent)
                #expect(refused.body.errorCode == "tcf_id_invalid")
                #expect(refused.body.errorField == field)
            }
            let unlisted = try await client.send(.post, encode, json: #"{"vendorsRefused":[31337]}"#, headers: localOrigin)
            #expect(unlisted.status == .ok)
        }
    }

    @Test func vendorLayerListsDisclosedVendorsForThePropertysOrigins() async throws {
        let test = try await TestApplication.make(settings: ["tcf.cmpId": .int(300)])
        try await test.application.test(.router) { client in
            let path = "/v1/properties/demo/tcf/vendors"
            #expect(try await client.send(.get, path, headers: localOrigin).body.errorCode == "tcf_not_enabled")
            #expect(try await client.send(.patch, admin, json: #"{"tcfEnabled":true}"#, headers: bearer(test.adminKey)).status == .ok)
            let missing = try await client.send(.get, path, headers: localOrigin)
            #expect(missing.status == .notFound)
            #expect(missing.body.errorCode == "gvl_not_found")
            #expect(missing.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            try await enableTCF(test, client)
            let layer = try await client.send(.get, path + "?locale=de", headers: localOrigin)
            #expect(layer.status == .ok)
            #expect(layer.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            #expect(layer.headers[.cacheControl] == "public, max-age=300")
            #expect(layer.headers[values: .vary] == ["Origin, Accept-Encoding"])
            let vendors = try #require(layer.body["vendors"] as? [[String: Any]])
            #expect(vendors.map { $0["id"] as? Int } == [755, 4])
            #expect(vendors.first?["privacyUrl"] as? String == "https://business.safety.google/privacy/")
            let purposes = try #require(layer.body["purposes"] as? [[String: Any]])
            #expect(purposes.first?["propertyPurposes"] as? [String] == ["marketing"])
            let tag = try #require(layer.headers[.eTag])
            let again = try await client.send(.get, path + "?locale=de", headers: [.origin: "http://localhost:3000", .ifNoneMatch: tag])
            #expect(again.status == .notModified)
            // An edited list under the same version number is served at once, not the layer made from the old one.
            var edited = try #require(try JSONSerialization.jsonObject(with: Data(VendorListAPITests.sample.utf8)) as? [String: Any])
            var vendorsByID = try #require(edited["vendors"] as? [String: Any])
            vendorsByID["31337"] = ["id": 31337, "name": "Added Later", "purposes": [1]]
            edited["vendors"] = vendorsByID
            let upload = String(decoding: try JSONSerialization.data(withJSONObject: edited), as: UTF8.self)
            #expect(try await client.send(.put, "/v1/properties/demo/gvl", json: upload, headers: bearer(test.adminKey)).status == .ok)
            let reloaded = try await client.send(.get, path + "?locale=de", headers: localOrigin)
            #expect((reloaded.body["vendors"] as? [[String: Any]])?.map { $0["id"] as? Int } == [31337, 755, 4])
            // Selecting vendors changes what is disclosed, and the tag.
            let select = #"{"tcfVendors":[4]}"#
            #expect(try await client.send(.patch, admin, json: select, headers: bearer(test.adminKey)).status == .ok)
            let selected = try await client.send(.get, path + "?locale=de", headers: [.origin: "http://localhost:3000", .ifNoneMatch: tag])
            #expect(selected.status == .ok)
            #expect((selected.body["vendors"] as? [[String: Any]])?.map { $0["id"] as? Int } == [4])
            #expect(try await client.send(.get, path + "?locale=nope!", headers: localOrigin).body.errorField == "locale")
            #expect(try await client.send(.get, path, headers: [.origin: "https://evil.example"]).status == .forbidden)
            let required = #"{"tcfPurposeMapping":{"necessary":[1]}}"#
            let refused = try await client.send(.patch, admin, json: required, headers: bearer(test.adminKey))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorField == "tcfPurposeMapping.necessary")
        }
    }
}
