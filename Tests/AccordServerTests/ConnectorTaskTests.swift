import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Manual tasks in the admin API (issue 14 §1): listed per request and per assignee, completed with a confirmation
/// and a result or a file, which is stored sealed and lands in the access package; bad input names its field.
@Suite struct ConnectorTaskTests {
    @Test func aManualTaskIsListedCompletedWithAFileAndItsResultIsInThePackage() async throws {
        let settings = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:])))
        let services = try await AccordServices.bootstrap(
            store: InMemoryConsentStore(), settings: settings, rootKey: try RootKey(material: Array(repeating: 5, count: 32)))
        let test = TestApplication(services: services, adminKey: services.createdAdminKey!)
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let system =
                #"{"name":"Paper ledger","connector":{"kind":"manual","instructions":"Look the person up in the ledger.","assignee":"agent@example.com"}}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/systems/ledger", json: system, headers: admin).status == .created)
            let bad = try await client.send(
                .put, "/v1/admin/properties/demo/systems/x", json: #"{"connector":{"kind":"manual","assignee":"nobody"}}"#, headers: admin)
            #expect(bad.body.errorField == "connector.assignee")

            let requests = "/v1/admin/properties/demo/requests"
            let made = try await client.send(
                .post, requests, json: #"{"type":"access","email":"dee@example.com","jurisdiction":"US-CA"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
            #expect(try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin).status == .accepted)

            let listed = try await client.send(.get, "\(requests)/\(id)/tasks", headers: admin)
            let task = try #require((listed.body["tasks"] as? [[String: Any]])?.first)
            #expect(task["status"] as? String == "open" && task["assignee"] as? String == "agent@example.com")
            #expect(task["instructions"] as? String == "Look the person up in the ledger." && task["wantsResult"] as? Bool == true)
            #expect(task["systemName"] as? String == "Paper ledger")
            let mine = try await client.send(.get, "/v1/admin/properties/demo/tasks?assignee=Agent@example.com", headers: admin)
            #expect((mine.body["tasks"] as? [Any])?.count == 1)
            let others = try await client.send(.get, "/v1/admin/properties/demo/tasks?assignee=other@example.com", headers: admin)
            #expect((others.body["tasks"] as? [Any])?.count == 0)
            let shown = try await client.send(.get, "\(requests)/\(id)", headers: admin)
            #expect((shown.body["fulfilment"] as? [String: Any])?["status"] as? String == "waiting")

            let answer = "\(requests)/\(id)/tasks/ledger"
            let unconfirmed = try await client.send(.post, answer, json: #"{"result":"found"}"#, headers: admin)
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.body.errorField == "confirmed")
            let empty = try await client.send(.post, answer, json: #"{"confirmed":true}"#, headers: admin)
            #expect(empty.status == .unprocessableContent && empty.body.errorField == "result")
            let notBase64 = try await client.send(
                .post, answer, json: #"{"confirmed":true,"file":{"name":"a.csv","content":"***"}}"#, headers: admin)
            #expect(notBase64.status == .unprocessableContent && notBase64.body.errorField == "file.content")
            let unknownSystem = try await client.send(.post, "\(requests)/\(id)/tasks/crm", json: #"{"confirmed":true}"#, headers: admin)
            #expect(unknownSystem.status == .notFound && unknownSystem.body.errorCode == "task_not_found")

            let file = Data("entry,amount\nDee <b>D</b>,12\n".utf8).base64EncodedString()
            let body =
                #"{"confirmed":true,"result":"Two ledger entries, 2023-2024.","file":{"name":"../ledger scan.csv","contentType":"text/csv","content":"\#(file)"}}"#
            let done = try await client.send(.post, answer, json: body, headers: admin)
            #expect(done.status == .ok && done.body["status"] as? String == "manualDone")
            #expect(done.body["answeredBy"] as? String != nil)
            #expect(try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "completed")
            let twice = try await client.send(.post, answer, json: body, headers: admin)
            #expect(twice.status == .conflict && twice.body.errorCode == "task_already_done")
            #expect((try await client.send(.get, "/v1/admin/properties/demo/tasks", headers: admin).body["tasks"] as? [Any])?.count == 0)

            // Stored sealed, never in clear; in the package as data and as the file.
            let kept = try await services.store.connectorAttachments(of: id, in: "demo")
            #expect(kept.map(\.kind) == [.text, .file])
            #expect(
                kept.allSatisfy {
                    !String(decoding: $0.sealed, as: UTF8.self).contains("ledger") && !String(decoding: $0.sealed, as: UTF8.self).contains("Dee")
                })
            let package = try await client.execute(uri: "\(requests)/\(id)/package", method: .get, headers: admin)
            let zip = try #require(try RealUnzip.entries(Array(buffer: package.body)), "unzip -t and zipfile open it")
            #expect(zip["files/ledger/.._ledger_scan.csv"] == nil && zip["files/ledger/_ledger_scan.csv"] == "entry,amount\nDee <b>D</b>,12\n")
            #expect(zip["data.json"]?.contains("Two ledger entries, 2023-2024.") == true)
            let timeline = try await services.store.requestTimeline(id, in: "demo")
            #expect(!timeline.contains { ($0.entry.after ?? "").contains("ledger scan") || ($0.entry.after ?? "").contains("Two ledger") })

            // The same person's deletion shreds their vault key: the attachments it sealed are deleted with it.
            let erase = try await client.send(
                .post, requests, json: #"{"type":"deletion","email":"dee@example.com","jurisdiction":"US-CA"}"#, headers: admin)
            let deletion = try #require(erase.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(deletion)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
            _ = try await client.send(.post, "\(requests)/\(deletion)/fulfil", headers: admin)
            _ = try await client.send(.post, "\(requests)/\(deletion)/tasks/ledger", json: #"{"confirmed":true}"#, headers: admin)
            #expect(try await client.send(.get, "\(requests)/\(deletion)", headers: admin).body["status"] as? String == "completed")
            #expect(try await services.store.connectorAttachments(of: id, in: "demo").isEmpty, "no unreadable attachment is left")
            let erased = try await services.store.requestTimeline(deletion, in: "demo").first { $0.entry.action == "request.dataErased" }
            #expect(erased?.entry.after?.contains(#""attachments":"2""#) == true, "the erasure counts them")
        }
    }

    @Test func aDeletionTaskTakesOnlyItsConfirmation() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .put, "/v1/admin/properties/demo/systems/ledger", json: #"{"connector":{"kind":"manual","instructions":"Strike the entry."}}"#,
                headers: admin)
            let requests = "/v1/admin/properties/demo/requests"
            let made = try await client.send(
                .post, requests, json: #"{"type":"deletion","email":"eve@example.com","jurisdiction":"US-CA"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
            _ = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
            let withData = try await client.send(.post, "\(requests)/\(id)/tasks/ledger", json: #"{"confirmed":true,"result":"x"}"#, headers: admin)
            #expect(withData.status == .unprocessableContent && withData.body.errorField == "result")
            let done = try await client.send(.post, "\(requests)/\(id)/tasks/ledger", json: #"{"confirmed":true}"#, headers: admin)
            #expect(done.status == .ok && done.body["reason"] as? String == "task confirmed")
            #expect(try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "completed")
        }
    }
}
