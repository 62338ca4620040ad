import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@Suite struct ConnectorAPITests {
    static let base = "/v1/admin/properties/demo/systems"
    static let dataset =
        #"{"collections":{"customers":{"primaryKey":"id","identities":{"email":"email"},"fields":{"email":{"categories":["identifiers"]}}}}}"#

    /// A reader that answers one schema and remembers the connection it was given.
    struct FixedReader: ConnectorSchemaReader {
        let schema: DatabaseSchema
        let seen: Recorder

        func schema(kind: Connector.Kind, connection: String, tables: [String]) async throws -> DatabaseSchema {
            seen.record(connection)
            return schema
        }
    }

    final class Recorder: Sendable {
        private let value = Mutex<[String]>([])
        func record(_ text: String) { value.withLock { $0.append(text) } }
        var all: [String] { value.withLock { $0 } }
    }

    static func make(rootKey: RootKey?, reader: (any ConnectorSchemaReader)? = nil) async throws -> TestApplication {
        let settings = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        var services = try await AccordServices.bootstrap(store: InMemoryConsentStore(), settings: settings, rootKey: rootKey)
        services.schemaReader = reader
        return TestApplication(services: services, adminKey: services.createdAdminKey!)
    }

    @Test func aConnectionStringIsSealedNeverShownAndKeptWhenAPutOmitsIt() async throws {
        let recorder = Recorder()
        let schema = DatabaseSchema(tables: [
            "customers": [
                "id": .init(kind: .other, nullable: false, typeName: "integer"), "email": .init(kind: .text, nullable: false, typeName: "text"),
            ]
        ])
        let test = try await Self.make(
            rootKey: try RootKey(material: Array(repeating: 7, count: 32)), reader: FixedReader(schema: schema, seen: recorder))
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let body = #"{"connector":{"kind":"sqlite","connection":"sqlite:///srv/crm.sqlite","dataset":\#(Self.dataset)}}"#
            let created = try await client.send(.put, "\(Self.base)/crm", json: body, headers: admin)
            #expect(created.status == .created)
            let connector = try #require(created.body["connector"] as? [String: Any])
            #expect(connector["connection"] is NSNull && connector["connectionStored"] as? Bool == true)
            #expect(!String(describing: created.body).contains("crm.sqlite"))
            let stored = try await test.services.store.system("crm", of: "demo")
            guard case .sealed(let bytes) = stored?.connector?.connection else { Issue.record("not sealed"); return }
            #expect(!String(decoding: bytes, as: UTF8.self).contains("crm.sqlite"))

            let again = #"{"name":"CRM","connector":{"kind":"sqlite","dataset":\#(Self.dataset)}}"#
            #expect(try await client.send(.put, "\(Self.base)/crm", json: again, headers: admin).status == .ok)
            let checked = try await client.send(.post, "\(Self.base)/crm/check", headers: admin)
            #expect(checked.status == .ok)
            #expect(checked.body["ok"] as? Bool == false)
            #expect(checked.body["problems"] as? [String] == ["customers.email: erase \"null\" on a NOT NULL column; choose another strategy"])
            #expect(recorder.all == ["sqlite:///srv/crm.sqlite"], "the kept, sealed connection was opened for the check")
        }
    }

    @Test func withoutARootKeyOnlyEnvironmentConnectionsAreTaken() async throws {
        let test = try await Self.make(rootKey: nil)
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let literal = #"{"connector":{"kind":"postgres","connection":"postgres://shop@db/shop","dataset":\#(Self.dataset)}}"#
            let refused = try await client.send(.put, "\(Self.base)/shop", json: literal, headers: admin)
            #expect(refused.status == .unprocessableContent && refused.body.errorField == "connector.connection")
            let env = #"{"connector":{"kind":"postgres","connection":"env:SHOP_DB","dataset":\#(Self.dataset)}}"#
            let taken = try await client.send(.put, "\(Self.base)/shop", json: env, headers: admin)
            #expect((taken.body["connector"] as? [String: Any])?["connection"] as? String == "env:SHOP_DB")
            let checked = try await client.send(.post, "\(Self.base)/shop/check", headers: admin)
            #expect(checked.body["ok"] as? Bool == false)
        }
    }

    @Test(arguments: [
        (#"{"connector":{"kind":"sqlite","connection":"env:CRM"}}"#, "connector.dataset"),
        (#"{"connector":{"kind":"sqlite","connection":"postgres://x@y/z","dataset":\#(dataset)}}"#, "connector.connection"),
        (#"{"connector":{"kind":"sqlite","connection":"env:crm","dataset":\#(dataset)}}"#, "connector.connection"),
        (#"{"connector":{"kind":"sqlite","dataset":\#(dataset)}}"#, "connector.connection"),
        (#"{"connector":{"kind":"ftp"}}"#, "connector.kind"),
        (#"{"connector":{"kind":"webhook"}}"#, "connector.url"),
        (
            #"{"connector":{"kind":"sqlite","connection":"env:CRM","dataset":{"collections":{"a":{"primaryKey":"id","identities":{"email":"email"},"references":{"b":"nope.id"}}}}}}"#,
            "connector.dataset.collections.a.references.b"
        ),
    ])
    func badConnectorsAreRefusedNamingTheField(_ body: String, _ field: String) async throws {
        let test = try await Self.make(rootKey: nil)
        try await test.application.test(.router) { client in
            let answer = try await client.send(.put, "\(Self.base)/crm", json: body, headers: bearer(test.adminKey))
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorField == field)
        }
    }

    @Test func aSystemWithoutASQLConnectorCannotBeChecked() async throws {
        let test = try await Self.make(rootKey: nil)
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .put, "\(Self.base)/ops", json: #"{"connector":{"kind":"manual","instructions":"ask Bob"}}"#, headers: bearer(test.adminKey))
            let answer = try await client.send(.post, "\(Self.base)/ops/check", headers: bearer(test.adminKey))
            #expect(answer.status == .conflict && answer.body.errorCode == "system_not_checkable")
        }
    }
}
