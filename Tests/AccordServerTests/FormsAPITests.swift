import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct FormsAPITests {
    static let form = #"""
        {"kind": "consent",
         "title": {"en": "Stay in touch"}, "intro": {"en": "Choose what we may send you."},
         "items": [
           {"key": "research", "type": "purpose", "purpose": "analytics", "required": true},
           {"key": "offers", "type": "purpose", "purpose": "marketing"},
           {"key": "dob", "type": "field", "fieldType": "date", "label": {"en": "Date of birth"}},
           {"key": "signature", "type": "signature", "attestation": {"en": "I confirm the choices above."}}],
         "rules": [{"if": "offers", "requires": "research"}, {"minimumAge": 16, "dateField": "dob", "guardian": true}],
         "expiry": {"offers": {"days": 30}}}
        """#

    static let hipaa = #"""
        {"kind": "hipaaAuthorization", "title": {"en": "Authorization to disclose"},
         "items": [{"key": "disclosure", "type": "purpose", "purpose": "analytics", "required": true},
                   {"key": "signature", "type": "signature", "attestation": {"en": "I authorize this disclosure."}}],
         "hipaa": {"information": {"en": "Lab results"}, "disclosers": ["Example Clinic"], "recipients": [],
                   "purposes": ["at the request of the individual"], "expiration": {"event": "end of the study"},
                   "revocation": {"en": "Write to privacy@clinic.example."}, "conditioning": {"en": "Treatment does not depend on it."}}}
        """#

    let submission = #"""
        {"subject": "alice@example.com", "region": "DE", "locale": "en",
         "answers": {"research": true, "offers": true, "dob": "1990-05-01",
                     "signature": {"name": "Alice Example", "attested": true}}}
        """#

    @Test func aDraftIsSavedPublishedAsImmutableVersionsAndListed() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            let saved = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: Self.form, headers: admin)
            #expect(saved.status == .ok)
            #expect((saved.body["problems"] as? [Any])?.isEmpty == true)
            let published = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            #expect(published.status == .created)
            #expect(published.body["version"] as? Int == 1)
            let again = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            #expect(again.status == .ok)
            #expect(again.body["version"] as? Int == 1)
            let changed = Self.form.replacingOccurrences(of: "Stay in touch", with: "Keep in touch")
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: changed, headers: admin)
            let second = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            #expect(second.body["version"] as? Int == 2)
            let first = try await client.send(.get, "/v1/admin/properties/demo/forms/signup/versions/1", headers: admin)
            #expect(((first.body["form"] as? [String: Any])?["title"] as? [String: String])?["en"] == "Stay in touch")
            #expect(first.body["contentHash"] as? String == published.body["contentHash"] as? String)
            let list = try await client.send(.get, "/v1/admin/properties/demo/forms", headers: admin)
            let forms = list.body["forms"] as? [[String: Any]]
            #expect(forms?.count == 1)
            #expect(forms?.first?["latestVersion"] as? Int == 2)
            let missing = try await client.send(.get, "/v1/admin/properties/demo/forms/signup/versions/3", headers: admin)
            #expect(missing.status == .notFound)
            #expect(
                try await client.send(.get, "/v1/admin/properties/demo/forms", headers: bearer(try await test.key([.consentsRead]))).status
                    == .forbidden)
        }
    }

    @Test func publishingAHIPAAFormMissingElementsNamesEachWithItsPath() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/release", json: Self.hipaa, headers: admin)
            let refused = try await client.send(.post, "/v1/admin/properties/demo/forms/release/publish", headers: admin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorCode == "form_invalid")
            #expect(refused.body.errorField == "hipaa.recipients")
            let problems = (refused.body.error?["problems"] as? [[String: String]]) ?? []
            #expect(problems.map { $0["field"] } == ["hipaa.recipients", "hipaa.redisclosure"])
            #expect(try await client.send(.get, "/v1/admin/properties/demo/forms/release/versions/1", headers: admin).status == .notFound)
        }
    }

    @Test func aRuleWithAnUnknownItemOrACycleIsRefusedAtPublishing() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        let cyclic = Self.form.replacingOccurrences(
            of: #"{"if": "offers", "requires": "research"}"#,
            with: #"{"if": "offers", "requires": "research"}, {"if": "research", "requires": "offers"}, {"if": "ghost", "requires": "offers"}"#)
        try await test.application.test(.router) { client in
            let saved = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: cyclic, headers: admin)
            let pending = (saved.body["problems"] as? [[String: String]])?.map { $0["field"] }
            #expect(pending == ["rules[2].if", "rules[1].requires"])
            let refused = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorField == "rules[2].if")
            let malformed = try await client.send(
                .put, "/v1/admin/properties/demo/forms/signup", json: #"{"title": 5}"#, headers: admin)
            #expect(malformed.status == .unprocessableContent || malformed.status == .badRequest)
            #expect(malformed.body.errorField == "title")
        }
    }

    @Test func aSubmissionRecordsAFormEventWithReceiptExpiryAndSealedEvidence() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        let writer = bearer(try await test.key([.consentsWrite, .consentsRead]))
        try await test.application.test(.router) { client in
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: Self.form, headers: admin)
            let published = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            let recorded = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: submission, headers: writer)
            #expect(recorded.status == .created)
            #expect(recorded.body["evidence"] as? Bool == true)
            #expect(recorded.body["choices"] as? [String: String] == ["analytics": "granted", "marketing": "granted"])
            let receipt = try #require(recorded.body["receipt"] as? String)
            let claims = try ReceiptVerifier.verify(receipt, keys: test.services.recorder.publicKeys)
            let eventID = try #require((recorded.body["event"] as? [String: Any])?["id"] as? String)
            #expect(claims.jti == eventID)
            #expect(claims.form?.form == "signup")
            let events = try await client.send(.get, "/v1/properties/demo/subjects/alice%40example.com/events", headers: writer)
            let event = try #require((events.body["events"] as? [[String: Any]])?.first)
            #expect(event["source"] as? String == "form")
            let form = event["form"] as? [String: Any]
            #expect(form?["form"] as? String == "signup")
            #expect(form?["version"] as? Int == 1)
            #expect(form?["hash"] as? String == published.body["contentHash"] as? String)
            let expiries = event["expiresAt"] as? [String: String]
            let recordedAt = try #require(Date(rfc3339: event["recordedAt"] as? String ?? ""))
            #expect(expiries?["marketing"] == recordedAt.addingTimeInterval(30 * 86_400).rfc3339)
            let evidence = try #require(
                try await test.services.store.formEvidence(of: EventID(rawValue: eventID), in: "demo"))
            #expect(!String(decoding: evidence.sealed, as: UTF8.self).contains("Alice Example"))
            let opened = try #require(
                try await test.services.directory.openCopy(evidence.sealed, for: evidence.subject, in: "demo"))
            let contents = try JSONDecoder().decode(FormEvidence.Contents.self, from: Data(opened))
            #expect(contents.signatures == ["signature": "Alice Example"])
            #expect(contents.formHash == published.body["contentHash"] as? String)
        }
        #expect(try await StoreAudit.run(test.services.store).isClean)
    }

    @Test func aSubmissionMissingARequiredItemOrSignatureStoresNothing() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        let writer = bearer(try await test.key([.consentsWrite, .consentsRead]))
        try await test.application.test(.router) { client in
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: Self.form, headers: admin)
            _ = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            let incomplete = #"{"subject": "bob@example.com", "answers": {"offers": true, "dob": "1990-05-01"}}"#
            let refused = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: incomplete, headers: writer)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.errorCode == "submission_invalid")
            let fields = (refused.body.error?["problems"] as? [[String: String]])?.map { $0["field"] }
            #expect(fields == ["answers.research", "answers.signature", "answers.offers"])
            let noDate = #"{"subject": "bob@example.com", "answers": {"research": true, "signature": {"name": "Bob", "attested": true}}}"#
            let undated = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: noDate, headers: writer)
            #expect(undated.body.errorField == "answers.dob")
            let young =
                #"{"subject": "kid@example.com", "answers": {"research": true, "dob": "2020-01-01", "signature": {"name": "Kid", "attested": true}}}"#
            let guardian = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: young, headers: writer)
            #expect(guardian.body.errorField == "guardian.name")
            let unknown = try await client.send(.post, "/v1/properties/demo/forms/nope/submissions", json: submission, headers: writer)
            #expect(unknown.status == .notFound)
            let events = try await client.send(.get, "/v1/properties/demo/subjects/bob%40example.com/events", headers: writer)
            #expect((events.body["events"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func aPreferenceItemIsRecordedAsItsChannelAndTopic() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        let writer = bearer(try await test.key([.consentsWrite, .consentsRead]))
        let form = #"""
            {"kind": "consent", "title": {"en": "News"},
             "items": [{"key": "news-email", "type": "preference", "channel": "email", "topic": "newsletter"},
                       {"key": "news-sms", "type": "preference", "channel": "sms", "topic": "newsletter"}]}
            """#
        try await test.application.test(.router) { client in
            let topic = #"{"name": {"en": "Newsletter"}, "channels": ["email", "sms"]}"#
            #expect(try await client.send(.put, "/v1/admin/properties/demo/topics/newsletter", json: topic, headers: admin).status == .created)
            #expect(try await client.send(.post, "/v1/admin/properties/demo/policies", headers: admin).status == .created)
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/news", json: form, headers: admin)
            #expect(try await client.send(.post, "/v1/admin/properties/demo/forms/news/publish", headers: admin).status == .created)
            let answers = #"{"subject": "carol@example.com", "answers": {"news-email": true, "news-sms": false}}"#
            let recorded = try await client.send(.post, "/v1/properties/demo/forms/news/submissions", json: answers, headers: writer)
            #expect(recorded.status == .created)
            #expect(recorded.body["choices"] as? [String: String] == ["email.newsletter": "granted", "sms.newsletter": "denied"])
            let wrong = form.replacingOccurrences(of: #""channel": "sms""#, with: #""channel": "post""#)
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/news", json: wrong, headers: admin)
            let refused = try await client.send(.post, "/v1/admin/properties/demo/forms/news/publish", headers: admin)
            #expect(refused.body.errorField == "items[1].topic")
        }
    }

    @Test func aBrowserOnAnAllowedOriginSubmitsForItsVisitorOnly() async throws {
        let test = try await TestApplication.make()
        let admin = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            _ = try await client.send(.put, "/v1/admin/properties/demo/forms/signup", json: Self.form, headers: admin)
            _ = try await client.send(.post, "/v1/admin/properties/demo/forms/signup/publish", headers: admin)
            let read = try await client.send(.get, "/v1/properties/demo/forms/signup", headers: localOrigin)
            #expect(read.status == .ok)
            #expect(read.body["version"] as? Int == 1)
            let mine = submission.replacingOccurrences(of: "alice@example.com", with: visitorA)
            #expect(try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: mine, headers: localOrigin).status == .created)
            let other = try await client.send(.post, "/v1/properties/demo/forms/signup/submissions", json: submission, headers: localOrigin)
            #expect(other.status == .unauthorized)
        }
    }
}
