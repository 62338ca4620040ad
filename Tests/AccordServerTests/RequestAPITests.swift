import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import AccordServer

/// Data-subject requests over HTTP: intake, the e-mailed code, the admin workflow, bad input.
@Suite struct RequestAPITests {
    static let mailOn: [String: ConfigContent] = ["mail.smtp.host": .string("smtp.invalid"), "mail.from": .string("privacy@example.com")]
    static let requests = "/v1/properties/demo/requests"
    static let admin = "/v1/admin/properties/demo/requests"

    /// The sent messages with quoted-printable soft line breaks undone, so phrases can be searched whole.
    static func texts(_ transport: RecordingTransport) -> [String] {
        transport.messages.map {
            $0.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=\n", with: "").replacingOccurrences(of: "=3D", with: "=")
        }
    }

    /// The 6-digit code in the newest e-mail that carries one.
    static func code(in transport: RecordingTransport) -> String? {
        for message in transport.messages.reversed() {
            if let range = message.range(of: #"Your code: [0-9]{6}"#, options: .regularExpression) {
                return String(message[range].suffix(6))
            }
        }
        return nil
    }

    @Test func aRequestIsVerifiedWithTheEmailedCodeAndCompletedAndTheAuditVerifies() async throws {
        let transport = RecordingTransport()
        let test = try await TestApplication.make(settings: Self.mailOn, mailTransport: transport)
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let made = try await client.send(
                .post, Self.requests, json: #"{"type":"access","email":"Alice@Example.com","jurisdiction":"US-CA","details":"all of it"}"#,
                headers: localOrigin)
            #expect(made.status == .accepted)
            #expect(made.body["status"] as? String == "verifying")
            let id = try #require(made.body["id"] as? String)
            #expect(PrivacyRequest.isWellFormedID(id))
            await test.services.mailDelivery(logger: ContactAPITests.quiet)?.runOnce()
            let code = try #require(Self.code(in: transport))
            #expect(transport.messages.last?.contains(id) == true)
            let wrong = code == "000000" ? "000001" : "000000"
            let refused = try await client.send(.post, "\(Self.requests)/\(id)/verify", json: #"{"code":"\#(wrong)"}"#, headers: localOrigin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorCode == "code_wrong" && refused.body.errorField == "code")
            let verified = try await client.send(.post, "\(Self.requests)/\(id)/verify", json: #"{"code":"\#(code)"}"#, headers: localOrigin)
            #expect(verified.status == .ok)
            #expect(verified.body["status"] as? String == "verified")
            let again = try await client.send(.post, "\(Self.requests)/\(id)/verify", json: #"{"code":"\#(code)"}"#, headers: localOrigin)
            #expect(again.status == .conflict && again.body.errorCode == "request_not_verifying")

            let read = try await client.send(.get, "\(Self.admin)/\(id)", headers: key)
            #expect(read.status == .ok)
            #expect(read.body["email"] as? String == "Alice@example.com")
            #expect(read.body["details"] as? String == "all of it")
            #expect((read.body["verification"] as? [String: Any])?["method"] as? String == "emailCode")
            let moving = try await client.send(.post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"inProgress"}"#, headers: key)
            #expect(moving.status == .ok)
            let done = try await client.send(.post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"completed"}"#, headers: key)
            #expect(done.status == .ok)
            #expect(done.body["status"] as? String == "completed")
            let timeline = try #require(done.body["timeline"] as? [[String: Any]])
            #expect(
                timeline.map { $0["action"] as? String } == [
                    "request.received", "request.codeRejected", "request.verified", "request.transition", "request.packageSent",
                    "request.transition",
                ], "an access request completed by hand is sent its package's link first")
            #expect(!String(describing: timeline).contains("alice"), "the chain never names the requester")
            let reopen = try await client.send(.post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"inProgress"}"#, headers: key)
            #expect(reopen.status == .conflict && reopen.body.errorCode == "transition_forbidden" && reopen.body.errorField == "to")
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
        let entries = try await test.services.store.requestAuditEntries(in: "demo", after: 0, limit: 100)
        #expect(entries.allSatisfy { $0.link.chain == "requests/demo" })
    }

    @Test func anOptOutNeedsNoVerification() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let made = try await client.send(
                .post, Self.requests, json: #"{"type":"optOut","email":"bob@example.com","jurisdiction":"US-CA"}"#, headers: localOrigin)
            #expect(made.status == .accepted)
            #expect(made.body["status"] as? String == "verified")
        }
    }

    @Test(arguments: [
        (#"{"type":"teleport","email":"a@example.com","jurisdiction":"DE"}"#, "request_type_unknown", "type"),
        (#"{"type":"access","email":"a@example.com","jurisdiction":"XX-YY"}"#, "jurisdiction_unknown", "jurisdiction"),
        (#"{"type":"access","email":"not an address","jurisdiction":"DE"}"#, "email_invalid", "email"),
        (#"{"type":"correction","email":"a@example.com","jurisdiction":"DE"}"#, "request_field_invalid", "correction"),
        (
            #"{"type":"access","email":"a@example.com","jurisdiction":"DE","correction":{"field":"name","value":"Ann"}}"#,
            "request_field_invalid", "correction"
        ),
        (#"{"type":"deletion","email":"a@example.com","jurisdiction":"DE","scope":"categories"}"#, "request_field_invalid", "scope"),
        (#"{"type":"access","email":"a@example.com","jurisdiction":"DE","channel":"phone"}"#, "request_field_invalid", "channel"),
        (
            #"{"type":"access","email":"a@example.com","jurisdiction":"DE","agent":{"name":"A","email":"x","authorization":"y"}}"#,
            "email_invalid", "agent.email"
        ),
    ])
    func badInputIs422NamingTheFieldAndStoresNothing(body: String, code: String, field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let answer = try await client.send(.post, Self.requests, json: body, headers: localOrigin)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.body.errorCode == code)
            #expect(answer.body.errorField == field)
            let list = try await client.send(.get, Self.admin, headers: bearer(test.adminKey))
            #expect((list.body["requests"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func anOversizedBodyIs413AndAForeignOriginIs403() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let details = String(repeating: "x", count: 70_000)
            let big = try await client.send(
                .post, Self.requests, json: #"{"type":"access","email":"a@example.com","jurisdiction":"DE","details":"\#(details)"}"#,
                headers: localOrigin)
            #expect(big.status == .contentTooLarge)
            let foreign = try await client.send(
                .post, Self.requests, json: #"{"type":"access","email":"a@example.com","jurisdiction":"DE"}"#,
                headers: [.origin: "https://evil.example"])
            #expect(foreign.status == .forbidden)
        }
    }

    @Test func operatorsEnterRequestsWithTheirReceiptAndChannelAndRecordVerification() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let made = try await client.send(
                .post, Self.admin,
                json:
                    #"{"type":"access","scope":"specificPieces","email":"carol@example.com","jurisdiction":"DE","receivedAt":"2026-11-20T09:00:00Z","channel":"phone"}"#,
                headers: key)
            #expect(made.status == .created)
            #expect(made.body["receivedAt"] as? String == "2026-11-20T09:00:00.000Z")
            #expect(made.body["channel"] as? String == "phone")
            #expect(made.body["requiredVerification"] as? String == "reasonablyHigh")
            let id = try #require(made.body["id"] as? String)
            let early = try await client.send(.post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"verified"}"#, headers: key)
            #expect(early.status == .conflict)
            let noReason = try await client.send(.post, "\(Self.admin)/\(id)/verification", json: #"{"reason":""}"#, headers: key)
            #expect(noReason.status == .unprocessableContent && noReason.body.errorField == "reason")
            let verified = try await client.send(
                .post, "\(Self.admin)/\(id)/verification", json: #"{"reason":"called back on the number on file"}"#, headers: key)
            #expect(verified.body["status"] as? String == "verified")
            #expect((verified.body["verification"] as? [String: Any])?["method"] as? String == "operator")
            let unsaid = try await client.send(.patch, "\(Self.admin)/\(id)", json: #"{}"#, headers: key)
            #expect(unsaid.status == .unprocessableContent && unsaid.body.errorField == "assignee")
            let assigned = try await client.send(.patch, "\(Self.admin)/\(id)", json: #"{"assignee":"dpo@example.org"}"#, headers: key)
            #expect(assigned.body["assignee"] as? String == "dpo@example.org")
            let noted = try await client.send(.post, "\(Self.admin)/\(id)/notes", json: #"{"text":"asked IT for the logs"}"#, headers: key)
            #expect(noted.status == .created)
            #expect((noted.body["notes"] as? [[String: Any]])?.first?["text"] as? String == "asked IT for the logs")
            let denied = try await client.send(.post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"denied","reason":"fraud"}"#, headers: key)
            #expect(denied.status == .unprocessableContent && denied.body.errorField == "exemption")
            let ok = try await client.send(
                .post, "\(Self.admin)/\(id)/transitions", json: #"{"to":"denied","reason":"fraud","exemption":"security"}"#, headers: key)
            #expect(ok.body["status"] as? String == "denied" && ok.body["exemption"] as? String == "security")
            let extend = try await client.send(.post, "\(Self.admin)/\(id)/extend", json: #"{"reason":"complex"}"#, headers: key)
            #expect(extend.status == .conflict && extend.body.errorCode == "extension_refused")
        }
    }

    @Test func aDuplicateIsLinkedToTheOpenRequestAndTheListFiltersWithACursor() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let body = #"{"type":"deletion","email":"dave@example.com","jurisdiction":"US-CA"}"#
            let first = try await client.send(.post, Self.requests, json: body, headers: localOrigin)
            let second = try await client.send(
                .post, Self.requests, json: body.replacingOccurrences(of: "dave@", with: "DAVE@"), headers: localOrigin)
            let other = try await client.send(
                .post, Self.requests, json: #"{"type":"access","email":"erin@example.com","jurisdiction":"DE"}"#, headers: localOrigin)
            let ids = try [first, second, other].map { try #require($0.body["id"] as? String) }
            let read = try await client.send(.get, "\(Self.admin)/\(ids[1])", headers: key)
            #expect(read.body["duplicateOf"] as? String == ids[0])
            let deletions = try await client.send(.get, "\(Self.admin)?type=deletion", headers: key)
            #expect(Set((deletions.body["requests"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []) == Set(ids[0...1]))
            var seen: [String] = []
            var cursor: String?
            repeat {
                let page = try await client.send(.get, "\(Self.admin)?limit=1" + (cursor.map { "&cursor=\($0)" } ?? ""), headers: key)
                #expect(page.status == .ok)
                seen += (page.body["requests"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
                cursor = page.body["nextCursor"] as? String
            } while cursor != nil
            #expect(Set(seen) == Set(ids) && seen.count == 3)
            let badCursor = try await client.send(.get, "\(Self.admin)?cursor=nope", headers: key)
            #expect(badCursor.status == .unprocessableContent && badCursor.body.errorCode == "cursor_invalid")
            let badStatus = try await client.send(.get, "\(Self.admin)?status=lost", headers: key)
            #expect(badStatus.status == .unprocessableContent && badStatus.body.errorField == "status")
            let unknown = try await client.send(.get, "\(Self.admin)/req_\(String(repeating: "0", count: 32))", headers: key)
            #expect(unknown.status == .notFound && unknown.body.errorCode == "request_not_found")
        }
    }

    @Test func holidaysAreAPropertySettingCheckedDateByDate() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let bad = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"requestHolidays":["2026-12-25","2026-02-30"]}"#, headers: key)
            #expect(bad.status == .unprocessableContent && bad.body.errorField == "requestHolidays[1]")
            let twice = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"requestHolidays":["2026-12-25","2026-12-25"]}"#, headers: key)
            #expect(twice.status == .unprocessableContent && twice.body.errorField == "requestHolidays[1]")
            let good = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"requestHolidays":["2026-12-25","2026-12-26"]}"#, headers: key)
            #expect(good.status == .ok)
            #expect(good.body["requestHolidays"] as? [String] == ["2026-12-25", "2026-12-26"])
        }
        #expect(try await test.services.store.property("demo")?.requestHolidays == ["2026-12-25", "2026-12-26"])
    }

    @Test func exportsHoldEveryRequestAndNoAddress() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(
                .post, Self.requests, json: #"{"type":"access","email":"frank@example.com","jurisdiction":"DE"}"#, headers: localOrigin)
            let csv = try await client.execute(uri: "\(Self.admin)/export?format=csv", method: .get, headers: key) { response in
                (response.status, String(buffer: response.body))
            }
            #expect(csv.0 == .ok)
            #expect(csv.1.hasPrefix("id,type,scope,status"))
            #expect(csv.1.split(separator: "\r\n").count == 2)
            #expect(!csv.1.contains("frank"))
            let lines = try await client.execute(uri: "\(Self.admin)/export", method: .get, headers: key) { response in
                String(buffer: response.body)
            }
            #expect(lines.split(separator: "\n").count == 1 && lines.contains(#""type":"access""#))
        }
    }
}

/// Accord's own data (issue 13 §6): a completed opt-out records the opt-out as the requester's consent event.
@Suite struct RequestFulfilmentTests {
    @Test func aCompletedOptOutRecordsTheOptOutEventAndItsWebhook() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        let now = Date()
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "https://hooks.example/h", events: [.consentWithdrawn, .requestCompleted],
            description: nil, status: .active, secret: Array("s".utf8), createdAt: now, updatedAt: now)
        try await test.services.store.saveWebhookEndpoint(endpoint)
        try await test.application.test(.router) { client in
            let granted = try await client.send(
                .post, "/v1/properties/demo/consents", json: #"{"subject":"ivy@example.com","choices":{"marketing":"granted"}}"#,
                headers: bearer(try await test.key([.consentsWrite])))
            #expect(granted.status == .created)
            let made = try await client.send(
                .post, RequestAPITests.requests, json: #"{"type":"optOut","email":"Ivy@Example.com","jurisdiction":"US-CA"}"#,
                headers: localOrigin)
            let id = try #require(made.body["id"] as? String)
            let done = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/transitions", json: #"{"to":"completed"}"#, headers: key)
            #expect(done.status == .ok)
            let actions = (done.body["timeline"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
            #expect(actions?.last == "request.optedOut")
            let state = try await client.send(.get, "/v1/properties/demo/subjects/ivy%40example.com/consents", headers: key)
            let purposes = state.body["purposes"] as? [String: [String: Any]]
            #expect(purposes?["marketing"]?["status"] as? String == "denied")
        }
        let sent = try await test.services.store.deliveries(to: endpoint.id, after: nil, limit: 10).map(\.message.type)
        #expect(sent.contains("consent.withdrawn") && sent.contains("request.completed"))
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }

    @Test func theAccessAnswerHoldsTheRequestersConsentHistoryAndThePoliciesShown() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let writer = bearer(try await test.key([.consentsWrite]))
            for choice in ["granted", "denied"] {
                _ = try await client.send(
                    .post, "/v1/properties/demo/consents", json: #"{"subject":"jo@example.com","choices":{"analytics":"\#(choice)"}}"#,
                    headers: writer)
            }
            let made = try await client.send(
                .post, RequestAPITests.admin, json: #"{"type":"access","email":"jo@example.com","jurisdiction":"DE"}"#, headers: key)
            let id = try #require(made.body["id"] as? String)
            let early = try await client.send(.get, "\(RequestAPITests.admin)/\(id)/answer", headers: key)
            #expect(early.status == .conflict && early.body.errorCode == "request_not_verified")
            _ = try await client.send(.post, "\(RequestAPITests.admin)/\(id)/verification", json: #"{"reason":"in person"}"#, headers: key)
            let answer = try await client.send(.get, "\(RequestAPITests.admin)/\(id)/answer", headers: key)
            #expect(answer.status == .ok)
            #expect(answer.body["subject"] as? String == "jo@example.com")
            #expect((answer.body["events"] as? [Any])?.count == 2)
            #expect(((answer.body["purposes"] as? [String: [String: Any]])?["analytics"])?["status"] as? String == "denied")
            #expect((answer.body["policies"] as? [[String: Any]])?.first?["version"] as? Int == 1)
        }
    }
}

/// The e-mails about requests: the property, the reference and the link in both parts; a denial under a law with an
/// appeal says how to appeal and to whom to complain.
@Suite struct RequestLetterTests {
    static let property = DemoProperty.make()

    static func request(status: RequestStatus, law jurisdiction: String) -> PrivacyRequest {
        var request = PrivacyRequest(
            id: "req_" + String(repeating: "a", count: 32), property: "demo", type: .access, scope: .categories, channel: .web,
            jurisdiction: jurisdiction, law: nil, requester: SubjectKey(bytes: Array(repeating: 2, count: 32))!, sealed: nil,
            hasAgent: false, receivedAt: Date(timeIntervalSince1970: 1_790_000_000), createdAt: Date(timeIntervalSince1970: 1_790_000_000))
        request.clock = RequestDeadlineSource().clock(
            type: .access, jurisdiction: jurisdiction, receivedAt: request.receivedAt, calendar: DeadlineCalendar())
        request.status = status
        request.closedAt = request.receivedAt.addingTimeInterval(86_400)
        request.denialReason = "we hold nothing we may disclose"
        return request
    }

    @Test(arguments: MailRequest.Kind.allCases.filter { $0.rawValue.hasPrefix("request") })
    func everyRequestLetterNamesThePropertyTheReferenceAndTheLink(kind: MailRequest.Kind) {
        let request = Self.request(status: .completed, law: "DE")
        let link = "https://accord.example/p/demo/requests/\(request.id)"
        let letter = RequestLetters.make(kind, request: request, property: Self.property, code: "012345", link: link)
        let message = MailRenderer.shared.message(letter, from: "privacy@example.com", to: "anna@example.com")
        #expect(message.subject.contains(Self.property.name))
        #expect(message.text.contains(request.id) && message.text.contains(link))
        #expect(!message.html.lowercased().contains("<img"))
        #expect(message.text.contains("012345") == (kind == .requestCode || kind == .requestAcknowledged))
    }

    @Test func aDenialUnderAStateLawWithAnAppealSaysHowToAppeal() {
        let letter = RequestLetters.make(
            .requestClosed, request: Self.request(status: .denied, law: "US-VA"), property: Self.property, code: nil, link: "x")
        let text = letter.paragraphs.joined(separator: "\n")
        #expect(text.contains("you may appeal this decision by "))
        #expect(text.contains("attorney general"))
        let gdpr = RequestLetters.make(
            .requestClosed, request: Self.request(status: .denied, law: "DE"), property: Self.property, code: nil, link: "x")
        #expect(!gdpr.paragraphs.joined().contains("appeal this decision"))
        #expect(gdpr.paragraphs.joined().contains("complain to"))
    }
}
