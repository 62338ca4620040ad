import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct VisitorHistoryTests {
    let visitor = "av_0123456789abcdef0123456789abcdef"

    @Test func visitorReadsTheirOwnHistoryNewestFirst() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            for choice in ["granted", "denied"] {
                let body = #"{"subject":"\#(visitor)","choices":{"analytics":"\#(choice)"},"source":"banner"}"#
                #expect(try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: localOrigin).status == .created)
            }
            let history = try await client.send(.get, "/v1/properties/demo/visitors/\(visitor)/events", headers: localOrigin)
            #expect(history.status == .ok)
            #expect(history.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let events = try #require(history.body["events"] as? [[String: Any]])
            #expect(events.map { ($0["choices"] as? [String: String])?["analytics"] } == ["denied", "granted"])
            #expect(events.first?["policyVersion"] as? Int == 1)
            #expect((events.first?["policyHash"] as? String)?.count == 64)
        }
    }

    @Test(arguments: ["alice@example.com", "0123456789abcdef0123456789abcdef", "av_0123", "av_0123456789ABCDEF0123456789ABCDEF"])
    func onlySDKVisitorIDsAreReadable(subject: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let path = "/v1/properties/demo/visitors/\(subject.replacingOccurrences(of: "@", with: "%40"))/events"
            let response = try await client.send(.get, path, headers: localOrigin)
            #expect(response.status == .unprocessableContent)
            #expect(response.body.errorField == "visitor")
        }
    }
}
