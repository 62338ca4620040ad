import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import AccordServer

/// Manual tasks in the console (issue 14 §1): the open tasks, the user's own first; an agent completes one with the
/// confirmation and an uploaded file through a plain multipart form (no JavaScript), a missing confirmation comes
/// back beside its checkbox; an auditor reads without a form and cannot post.
@Suite struct ConsoleTasksTests {
    static func multipart(_ fields: [(String, String)], file: (name: String, type: String, bytes: String)?) -> (String, ByteBuffer) {
        let boundary = "----accord-test-\(UUID().uuidString)"
        var text = ""
        for (name, value) in fields {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        if let file {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n"
            text += "Content-Type: \(file.type)\r\n\r\n\(file.bytes)\r\n"
        }
        text += "--\(boundary)--\r\n"
        return ("multipart/form-data; boundary=\(boundary)", ByteBuffer(string: text))
    }

    static func post(
        _ client: some TestClientProtocol, _ browser: ConsoleBrowser, _ uri: String, _ fields: [(String, String)],
        file: (name: String, type: String, bytes: String)?
    ) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        let (type, body) = multipart(fields, file: file)
        var headers: HTTPFields = [.contentType: type]
        headers[.cookie] = browser.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return try await client.execute(uri: uri, method: .post, headers: headers, body: body) { response in
            (response.status, response.headers, String(buffer: response.body))
        }
    }

    @Test func anAgentCompletesATaskWithAnUploadedFileAndAnAuditorOnlyReads() async throws {
        let test = try await ConsoleTestApp.make()
        let agent = try await test.user(.agent)
        let auditor = try await test.user(.auditor)
        let admin = bearer(test.services.createdAdminKey!)
        try await test.application.test(.router) { client in
            let system = #"{"name":"Paper ledger","connector":{"kind":"manual","instructions":"Copy the ledger page.","assignee":"\#(agent)"}}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/systems/ledger", json: system, headers: admin).status == .created)
            let requests = "/v1/admin/properties/demo/requests"
            let made = try await client.send(
                .post, requests, json: #"{"type":"access","email":"fay@example.com","jurisdiction":"US-CA"}"#, headers: admin)
            let id = try #require(made.body["id"] as? String)
            _ = try await client.send(.post, "\(requests)/\(id)/verification", json: #"{"reason":"by phone"}"#, headers: admin)
            _ = try await client.send(.post, "\(requests)/\(id)/fulfil", headers: admin)
            let href = "/console/tasks/demo/\(id)/ledger"

            var reader = ConsoleBrowser()
            try await reader.signIn(client, auditor)
            let listed = try await reader.send(client, .get, "/console/tasks")
            #expect(listed.status == .ok && listed.body.contains(href) && listed.body.contains("Paper ledger"))
            let readOnly = try await reader.send(client, .get, href)
            #expect(readOnly.body.contains("Copy the ledger page.") && !readOnly.body.contains("Complete the task"))
            let request = try await reader.send(client, .get, "/console/requests/demo/\(id)")
            #expect(request.body.contains("ledger (manual): waiting, a manual task is open"), "the waiting state on the request page")
            let refused = try await Self.post(client, reader, href, [("csrf", readOnly.csrf ?? ""), ("confirmed", "on")], file: nil)
            #expect(refused.0 == .forbidden)

            var browser = ConsoleBrowser()
            try await browser.signIn(client, agent)
            let mine = try await browser.send(client, .get, "/console/tasks?property=demo&mine=1")
            #expect(mine.body.contains("(you)") && mine.body.contains(href))
            let page = try await browser.send(client, .get, href)
            #expect(page.body.contains(#"enctype="multipart/form-data""#) && page.body.contains("Complete the task"))
            let csrf = try #require(page.csrf)
            let file = (name: "ledger.txt", type: "text/plain", bytes: "Fay, page 12: <b>3 entries</b>")

            let forged = try await Self.post(client, browser, href, [("csrf", "nope"), ("confirmed", "on")], file: file)
            #expect(forged.0 != .seeOther)
            let unconfirmed = try await Self.post(client, browser, href, [("csrf", csrf), ("result", "kept text")], file: nil)
            #expect(unconfirmed.0 == .unprocessableContent)
            #expect(unconfirmed.2.contains(#"aria-describedby="tk-confirmed-error""#) && unconfirmed.2.contains("kept text"))
            let done = try await Self.post(client, browser, href, [("csrf", csrf), ("confirmed", "on"), ("result", "")], file: file)
            #expect(done.0 == .seeOther && done.1[.location] == "/console/tasks?property=demo&done=1")
            #expect(try await client.send(.get, "\(requests)/\(id)", headers: admin).body["status"] as? String == "completed")
            let kept = try await test.services.store.connectorAttachments(of: id, in: "demo")
            #expect(kept.count == 1 && kept[0].kind == .file && kept[0].name == "ledger.txt" && kept[0].contentType == "text/plain")
            let timeline = try await test.services.store.requestTimeline(id, in: "demo")
            #expect(timeline.contains { $0.entry.actor == "user:\(agent)" && $0.entry.action == "request.systemAnswered" })
            let after = try await browser.send(client, .get, "/console/tasks?property=demo&done=1")
            #expect(after.body.contains("Task completed.") && after.body.contains("No open tasks."))
        }
    }

    @Test func aMultipartBodyIsReadPartByPart() throws {
        let body = Array(
            "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt1\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"q\\\".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}--\r\n--b--\r\n"
                .utf8)
        let parts = try #require(MultipartForm.parse(body, boundary: "b"))
        #expect(parts.map(\.name) == ["csrf", "file"])
        #expect(parts[0].bytes == Array("t1".utf8))
        #expect(parts[1].filename == "a \"q\".bin" && parts[1].bytes == [0, 45, 45] && parts[1].contentType == "application/octet-stream")
        #expect(MultipartForm.parse(Array("garbage".utf8), boundary: "b") == nil)
        #expect(MultipartForm.boundary(of: "multipart/form-data; boundary=\"xyz\"") == "xyz")
        #expect(MultipartForm.boundary(of: "application/json") == nil)
    }
}
