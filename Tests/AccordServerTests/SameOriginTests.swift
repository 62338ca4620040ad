import AccordServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The hosted preference center runs on Accord's own origin, which a property's allowed origins need not list.
@Suite struct SameOriginTests {
    let accordOrigin: HTTPFields = [.origin: "https://accord.example.com"]

    @Test func sameOriginPagesMayRecordWithoutTheirOriginBeingListed() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = #"{"subject":"visitor-1","choices":{"analytics":"granted"},"source":"preferenceCenter"}"#
            let foreign = try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: accordOrigin)
            #expect(foreign.status == .forbidden)
            var sameOrigin = accordOrigin
            sameOrigin[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            let recorded = try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: sameOrigin)
            #expect(recorded.status == .created)
            #expect(recorded.headers[.accessControlAllowOrigin] == nil)
        }
    }
}
