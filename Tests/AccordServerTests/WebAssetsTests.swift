import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct WebAssetsTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func file(_ path: String) throws -> String {
        try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The SDK as scripts/embed-web.sh embeds it: each line without its indentation, without blank lines and
    /// whole-line `//` comments, ending in a newline.
    func compacted(_ source: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.drop { $0 == " " || $0 == "\t" } }
            .filter { !$0.isEmpty && !$0.hasPrefix("//") }
            .joined(separator: "\n") + "\n"  // sed keeps the file's last newline
    }

    @Test func servedSDKIsTheRepositoryFileCompactedWithItsStylesheet() async throws {
        let script = compacted(try file("web/sdk/accord.js"))
        let css = try file("web/sdk/accord.css")
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            try await client.execute(uri: "/sdk/accord.js", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl]?.hasPrefix("public") == true)
                let served = String(buffer: response.body)
                let marker = "\"__ACCORD_CSS__\""
                #expect(script.contains(marker))
                let parts = script.components(separatedBy: marker)
                #expect(served.hasPrefix(parts[0]) && served.hasSuffix(parts[1]), "run scripts/embed-web.sh after editing web/sdk")
                let literal = String(served.dropFirst(parts[0].count).dropLast(parts[1].count))
                let decoded = try JSONDecoder().decode(String.self, from: Data(literal.utf8))
                #expect(decoded == css, "run scripts/embed-web.sh after editing web/sdk")
                #expect(!served.contains("eval("))
                let tag = try #require(response.headers[.eTag])
                try await client.execute(uri: "/sdk/accord.js", method: .get, headers: [.ifNoneMatch: tag]) { again in
                    #expect(again.status == .notModified)
                    #expect(again.body.readableBytes == 0)
                }
            }
        }
    }

    @Test func demoSiteLoadsTheSDKWithBlockedTags() async throws {
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            try await client.execute(uri: "/demo?region=US-CA", method: .get) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains(#"<script src="/sdk/accord.js" integrity="sha384-"#))
                #expect(html.contains(#"crossorigin="anonymous" data-property="demo" data-region="US-CA" nonce=""#))
                #expect(html.contains(#"type="text/plain" data-accord-purpose="analytics""#))
                #expect(html.contains(#"data-accord-purpose="marketing" src="/demo/marketing.js""#))
                #expect(html.contains("data-accord-src="))
            }
            try await client.execute(uri: "/demo?region=%3Cscript%3E", method: .get) { response in
                #expect(!String(buffer: response.body).contains("data-region"))
            }
            try await client.execute(uri: "/demo/marketing.js", method: .get) { response in
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
            }
        }
    }

    @Test func preferenceCenterListsPurposesInTheLocale() async throws {
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            try await client.execute(uri: "/p/demo/preferences?locale=de", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains(#"<div id="accord-preferences">"#))
                #expect(html.contains("Statistik"))
                #expect(html.contains(#"lang="de""#))
            }
            try await client.execute(uri: "/p/nope/preferences", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
