import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct VendorListAPITests {
    let path = "/v1/properties/demo/gvl"
    static let samplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/vendor-list-v3.json").standardizedFileURL.path

    static var sample: String {
        get throws { try String(contentsOfFile: samplePath, encoding: .utf8) }
    }

    @Test func adminUploadsTheListAndAnyoneReadsIt() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let none = try await client.send(.get, path)
            #expect(none.status == .notFound)
            #expect(none.body.errorCode == "gvl_not_found")
            let saved = try await client.send(.put, path, json: try Self.sample, headers: bearer(test.adminKey))
            #expect(saved.status == .ok)
            #expect(saved.body["vendorListVersion"] as? Int == 120)
            let read = try await client.send(.get, path, headers: localOrigin)
            #expect(read.status == .ok)
            #expect(read.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let google = try #require((read.body["vendors"] as? [String: Any])?["755"] as? [String: Any])
            #expect(google["legIntPurposes"] as? [Int] == [2, 7])
            #expect((google["dataRetention"] as? [String: Any])?["stdRetention"] as? Int == 548)
            #expect(read.body["stacks"] == nil)
            let audit = try await client.send(.get, "/v1/admin/properties/demo/audit", headers: bearer(test.adminKey))
            let latest = try #require((audit.body["entries"] as? [[String: Any]])?.first)
            #expect(latest["action"] as? String == "gvl.update")
            #expect(try await client.send(.get, path, headers: [.origin: "https://evil.example"]).status == .forbidden)
        }
    }

    @Test func uploadsNeedAnAdminKeyAndAVersionThreeList() async throws {
        let test = try await TestApplication.make()
        let writer = try await test.key([.consentsWrite])
        try await test.application.test(.router) { client in
            #expect(try await client.send(.put, path, json: try Self.sample).status == .unauthorized)
            #expect(try await client.send(.put, path, json: try Self.sample, headers: bearer(writer)).status == .forbidden)
            let old = try await client.send(
                .put, path, json: #"{"gvlSpecificationVersion":2,"vendorListVersion":1}"#, headers: bearer(test.adminKey))
            #expect(old.status == .unprocessableContent)
            #expect(old.body.errorCode == "gvl_version_unsupported")
            let broken = try await client.send(.put, path, json: "{", headers: bearer(test.adminKey))
            #expect(broken.status == .unprocessableContent)
            #expect(broken.body.errorCode == "gvl_malformed")
            let unknown = try await client.send(.put, "/v1/properties/nope/gvl", json: try Self.sample, headers: bearer(test.adminKey))
            #expect(unknown.status == .notFound)
        }
    }

    @Test func listFromTheConfiguredFileIsServedUntilOneIsUploaded() async throws {
        let test = try await TestApplication.make(settings: ["tcf.gvlPath": .string(Self.samplePath)])
        try await test.application.test(.router) { client in
            let read = try await client.send(.get, path)
            #expect(read.status == .ok)
            #expect(read.body["vendorListVersion"] as? Int == 120)
            let newer = try Self.sample.replacingOccurrences(of: #""vendorListVersion": 120"#, with: #""vendorListVersion": 121"#)
            #expect(try await client.send(.put, path, json: newer, headers: bearer(test.adminKey)).status == .ok)
            #expect(try await client.send(.get, path).body["vendorListVersion"] as? Int == 121)
        }
    }

    @Test func anInvalidConfiguredFileStopsTheStart() async throws {
        await #expect(throws: ConfigurationError.self) {
            _ = try await TestApplication.make(settings: ["tcf.gvlPath": .string("/nonexistent/vendor-list.json")])
        }
    }
}
