import AccordServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import Yams

@Suite struct OpenAPIDocumentTests {
    static let rootDocument = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi.yaml")

    /// `METHOD /path/{param}` for every operation in openapi.yaml.
    func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOf: Self.rootDocument, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let methods: Set<String> = ["get", "put", "post", "delete", "patch", "options", "head"]
        return Set(
            paths.flatMap { path, item in
                ((item as? [String: Any]) ?? [:]).keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
            })
    }

    func routedOperations() async throws -> Set<String> {
        let router = buildRouter(services: try await TestApplication.make().services)
        return Set(
            router.routes.map { route in
                let path = route.path.components.map { component in
                    let text = component.description
                    return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
                }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
    }

    @Test func everyRouteIsDocumentedAndEveryOperationRouted() async throws {
        let documented = try documentedOperations()
        let routed = try await routedOperations()
        #expect(routed.subtracting(documented).isEmpty, "routes missing from openapi.yaml: \(routed.subtracting(documented))")
        #expect(documented.subtracting(routed).isEmpty, "documented but not routed: \(documented.subtracting(routed))")
        #expect(routed.count >= 10)
    }

    /// An unquoted comma in a flow mapping (`{ description: a, b }`) splits a description into a bogus key `b`
    /// whose value is null; no OpenAPI or JSON Schema member is null. (scripts/check_openapi.py also reads the
    /// file with PyYAML's strict YAML 1.1 loader and openapi-spec-validator.)
    @Test func noMemberIsABogusKeyWithoutAValue() throws {
        let text = try String(contentsOf: Self.rootDocument, encoding: .utf8)
        var bogus: [String] = []
        func walk(_ value: Any, _ path: String) {
            switch value {
            case let object as [String: Any]:
                for (key, member) in object {
                    if member is NSNull { bogus.append("\(path).\(key)") } else { walk(member, "\(path).\(key)") }
                }
            case let array as [Any]:
                // A null in a list is a value (`enum: [..., null]`), not a split key.
                for (index, member) in array.enumerated() { walk(member, "\(path)[\(index)]") }
            default:
                break
            }
        }
        walk(try Yams.load(yaml: text) ?? [:], "$")
        #expect(bogus.isEmpty, "keys without a value (a description split at a comma?): \(bogus.sorted())")
    }

    @Test func servedDocumentIsTheRepositoryFile() async throws {
        let file = try String(contentsOf: Self.rootDocument, encoding: .utf8)
        let app = try await TestApplication.make().application
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == file, "run scripts/embed-openapi.sh after editing openapi.yaml")
            }
        }
    }
}
