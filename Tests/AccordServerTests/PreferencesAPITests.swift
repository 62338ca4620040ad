import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Communication preferences: topics by admin API, `channel.topic` keys in writes, checks and history, the
/// unsubscribe from a whole channel, and RFC 8058 one-click unsubscribe.
@Suite struct PreferencesAPITests {
    let newsletter = #"{"name":{"en":"Newsletter","de":"Newsletter"},"channels":["email","sms"],"frequencies":["weekly","monthly"]}"#

    /// Saves the newsletter and offers topics on the demo property and publishes them.
    func publishTopics(_ client: some TestClientProtocol, admin: String) async throws {
        let created = try await client.send(.put, "/v1/admin/properties/demo/topics/newsletter", json: newsletter, headers: bearer(admin))
        #expect(created.status == .created)
        let offers = try await client.send(
            .put, "/v1/admin/properties/demo/topics/offers", json: #"{"name":{"en":"Offers"},"channels":["email"]}"#,
            headers: bearer(admin))
        #expect(offers.status == .created)
        let published = try await client.send(.post, "/v1/admin/properties/demo/policies", headers: bearer(admin))
        #expect(published.status == .created)
    }

    @Test func topicsAreSavedListedReplacedAndValidated() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let admin = bearer(test.adminKey)
            #expect(try await client.send(.put, "/v1/admin/properties/demo/topics/newsletter", json: newsletter, headers: admin).status == .created)
            let listed = try await client.send(.get, "/v1/admin/properties/demo/topics", headers: admin)
            let topics = try #require(listed.body["topics"] as? [[String: Any]])
            #expect(topics.count == 1 && topics[0]["key"] as? String == "newsletter")
            #expect(topics[0]["channels"] as? [String] == ["email", "sms"])
            let replaced = try await client.send(
                .put, "/v1/admin/properties/demo/topics/newsletter", json: #"{"name":{"en":"News"},"channels":["push","inApp"]}"#,
                headers: admin)
            #expect(replaced.status == .ok && replaced.body["channels"] as? [String] == ["push", "inApp"])
            let one = try await client.send(.get, "/v1/admin/properties/demo/topics/newsletter", headers: admin)
            #expect((one.body["name"] as? [String: String])?["en"] == "News")
            let noChannel = try await client.send(
                .put, "/v1/admin/properties/demo/topics/bad", json: #"{"name":{"en":"Bad"},"channels":[]}"#, headers: admin)
            #expect(noChannel.status == .unprocessableContent && noChannel.body.errorField == "topics[1].channels")
            let noName = try await client.send(
                .put, "/v1/admin/properties/demo/topics/bad", json: #"{"name":{"de":"Schlecht"},"channels":["email"]}"#, headers: admin)
            #expect(noName.status == .unprocessableContent && noName.body.errorField == "topics[1].name.en")
            let unknownChannel = try await client.send(
                .put, "/v1/admin/properties/demo/topics/bad", json: #"{"name":{"en":"Bad"},"channels":["fax"]}"#, headers: admin)
            #expect(unknownChannel.status.code == 400 || unknownChannel.status == .unprocessableContent)
            let renamed = try await client.send(
                .put, "/v1/admin/properties/demo/topics/newsletter", json: #"{"key":"other","name":{"en":"X"},"channels":["email"]}"#,
                headers: admin)
            #expect(renamed.status == .unprocessableContent && renamed.body.errorField == "key")
            #expect(try await client.send(.get, "/v1/admin/properties/demo/topics/nothing", headers: admin).status == .notFound)
            #expect(try await client.send(.delete, "/v1/admin/properties/demo/topics/newsletter", headers: admin).status == .noContent)
            #expect(try await client.send(.get, "/v1/admin/properties/demo/topics/newsletter", headers: admin).status == .notFound)
        }
    }

    @Test func batchCheckAnswersEmailNewsletterForAThousandSubjects() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publishTopics(client, admin: test.adminKey)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            // Every 25th subject subscribes by e-mail; the others never chose (few writes: the check is under test).
            for index in stride(from: 0, to: 1_000, by: 25) {
                let written = try await client.send(
                    .post, "/v1/properties/demo/consents",
                    json: #"{"subject":"person\#(index)@example.com","choices":{"email.newsletter":"granted"},"source":"api"}"#,
                    headers: bearer(writer))
                #expect(written.status == .created)
            }
            let subjects = (0..<1_000).map { "\"person\($0)@example.com\"" }.joined(separator: ",")
            let checked = try await client.send(
                .post, "/v1/properties/demo/check", json: #"{"subjects":[\#(subjects)],"purposes":["email.newsletter","sms.newsletter"]}"#,
                headers: bearer(writer))
            #expect(checked.status == .ok)
            let results = try #require(checked.body["results"] as? [String: [String: Bool]])
            #expect(results.count == 1_000)
            for index in 0..<1_000 {
                let answer = try #require(results["person\(index)@example.com"])
                #expect(answer["email.newsletter"] == (index % 25 == 0))
                #expect(answer["sms.newsletter"] == false)
            }
            let unknown = try await client.send(
                .post, "/v1/properties/demo/check", json: #"{"subjects":["a"],"purposes":["fax.newsletter"]}"#, headers: bearer(writer))
            #expect(unknown.status == .unprocessableContent && unknown.body.errorField == "purposes[0]")
            let unusedChannel = try await client.send(
                .post, "/v1/properties/demo/check", json: #"{"subjects":["a"],"purposes":["sms.offers"]}"#, headers: bearer(writer))
            #expect(unusedChannel.status == .unprocessableContent)
        }
    }

    @Test func preferencesAreEventsInHistoryAndAFrequencyChoiceGrantsThePreference() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publishTopics(client, admin: test.adminKey)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            let written = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"ada@example.com","choices":{"email.newsletter.weekly":"granted","analytics":"granted"},"source":"api"}"#,
                headers: bearer(writer))
            #expect(written.status == .created)
            let state = try await client.send(.get, "/v1/properties/demo/subjects/ada%40example.com/consents", headers: bearer(writer))
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["email.newsletter"]?["status"] as? String == "granted")
            #expect(purposes["email.newsletter.weekly"]?["status"] as? String == "granted")
            #expect(purposes["email.newsletter.monthly"]?["status"] as? String == "denied")
            #expect(purposes["sms.newsletter"]?["status"] as? String == "unset")
            let history = try await client.send(.get, "/v1/properties/demo/subjects/ada%40example.com/events", headers: bearer(writer))
            let events = try #require(history.body["events"] as? [[String: Any]])
            let choices = try #require(events.first?["choices"] as? [String: String])
            #expect(choices["email.newsletter"] == "granted" && choices["analytics"] == "granted")
            let wrongFrequency = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"ada@example.com","choices":{"email.offers.daily":"granted"},"source":"api"}"#, headers: bearer(writer))
            #expect(wrongFrequency.status == .unprocessableContent && wrongFrequency.body.errorField == "choices.email.offers.daily")
            // The cookie banner never asks for communication preferences.
            let experience = try await client.send(.get, "/v1/properties/demo/experience", headers: localOrigin)
            let keys = (experience.body["purposes"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            #expect(!keys.isEmpty && !keys.contains { $0.contains(".") })
        }
    }

    @Test func unsubscribingFromAChannelDeniesEveryTopicOnItInOneEvent() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publishTopics(client, admin: test.adminKey)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            _ = try await client.send(
                .post, "/v1/properties/demo/consents",
                json:
                    #"{"subject":"bo@example.com","choices":{"email.newsletter":"granted","email.offers":"granted","sms.newsletter":"granted"},"source":"api"}"#,
                headers: bearer(writer))
            let withdrawn = try await client.send(
                .post, "/v1/properties/demo/subjects/bo%40example.com/withdraw", json: #"{"channel":"email"}"#, headers: bearer(writer))
            #expect(withdrawn.status == .created)
            let state = try await client.send(.get, "/v1/properties/demo/subjects/bo%40example.com/consents", headers: bearer(writer))
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["email.newsletter"]?["status"] as? String == "denied")
            #expect(purposes["email.offers"]?["status"] as? String == "denied")
            #expect(purposes["sms.newsletter"]?["status"] as? String == "granted")
            let history = try await client.send(.get, "/v1/properties/demo/subjects/bo%40example.com/events", headers: bearer(writer))
            #expect((history.body["events"] as? [Any])?.count == 2)
            let badChannel = try await client.send(
                .post, "/v1/properties/demo/subjects/bo%40example.com/withdraw", json: #"{"channel":"fax"}"#, headers: bearer(writer))
            #expect(badChannel.status == .unprocessableContent && badChannel.body.errorField == "channel")
        }
    }

    @Test func oneClickUnsubscribePostIsRecordedAsAnEventWithoutAPage() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publishTopics(client, admin: test.adminKey)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            _ = try await client.send(
                .post, "/v1/properties/demo/consents",
                json: #"{"subject":"cy@example.com","choices":{"email.newsletter":"granted","email.offers":"granted"},"source":"api"}"#,
                headers: bearer(writer))
            let issued = try await client.send(
                .post, "/v1/properties/demo/subjects/cy%40example.com/unsubscribe-link", json: #"{"channel":"email","topic":"newsletter"}"#,
                headers: bearer(writer))
            #expect(issued.status == .created)
            let url = try #require(issued.body["url"] as? String)
            #expect(!url.contains("cy") || !url.contains("example.com"))
            let headers = try #require(issued.body["headers"] as? [String: String])
            #expect(headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click")
            #expect(headers["List-Unsubscribe"] == "<\(url)>")
            let path = try #require(URLComponents(string: url)).path

            // A mail scanner following the link (GET) unsubscribes nobody.
            let page = try await client.execute(uri: path, method: .get) { $0 }
            #expect(page.status == .ok && String(buffer: page.body).contains("Newsletter"))
            var state = try await client.send(.get, "/v1/properties/demo/subjects/cy%40example.com/consents", headers: bearer(writer))
            #expect((state.body["purposes"] as? [String: [String: Any]])?["email.newsletter"]?["status"] as? String == "granted")

            // The mail client's RFC 8058 POST.
            let posted = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click")
            ) { $0 }
            #expect(posted.status == .ok)
            #expect(posted.headers[.contentType]?.hasPrefix("text/plain") == true)
            state = try await client.send(.get, "/v1/properties/demo/subjects/cy%40example.com/consents", headers: bearer(writer))
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["email.newsletter"]?["status"] as? String == "denied")
            #expect(purposes["email.offers"]?["status"] as? String == "granted")
            let history = try await client.send(.get, "/v1/properties/demo/subjects/cy%40example.com/events", headers: bearer(writer))
            let newest = try #require((history.body["events"] as? [[String: Any]])?.first)
            #expect(newest["choices"] as? [String: String] == ["email.newsletter": "denied"])
            #expect(newest["source"] as? String == "preferenceCenter")
            #expect(newest["origin"] as? [String: String] == ["unsubscribe": "oneClick"], "the event says the mail client's POST")

            // A retry records nothing new; an altered token is refused.
            _ = try await client.execute(
                uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "List-Unsubscribe=One-Click")
            ) { $0 }
            let again = try await client.send(.get, "/v1/properties/demo/subjects/cy%40example.com/events", headers: bearer(writer))
            #expect((again.body["events"] as? [Any])?.count == 2)
            let forged = try await client.execute(uri: path + "x", method: .post, body: ByteBuffer(string: "List-Unsubscribe=One-Click")) { $0 }
            #expect(forged.status == .forbidden)

            // The button on the link's page: recorded as the page's.
            let offers = try await client.send(
                .post, "/v1/properties/demo/subjects/cy%40example.com/unsubscribe-link", json: #"{"channel":"email","topic":"offers"}"#,
                headers: bearer(writer))
            let offersURL = try #require(offers.body["url"] as? String)
            let offersPath = try #require(URLComponents(string: offersURL)).path
            let button = try await client.execute(
                uri: offersPath, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "page=1")
            ) { $0 }
            #expect(button.status == .ok && button.headers[.contentType]?.hasPrefix("text/html") == true)
            let afterButton = try await client.send(.get, "/v1/properties/demo/subjects/cy%40example.com/events", headers: bearer(writer))
            let byButton = try #require((afterButton.body["events"] as? [[String: Any]])?.first)
            #expect(byButton["choices"] as? [String: String] == ["email.offers": "denied"])
            #expect(byButton["origin"] as? [String: String] == ["unsubscribe": "page"])
            let otherProperty = try await client.send(
                .post, "/v1/properties/demo/subjects/cy%40example.com/unsubscribe-link", json: #"{"channel":"sms","topic":"offers"}"#,
                headers: bearer(writer))
            #expect(otherProperty.status == .unprocessableContent && otherProperty.body.errorField == "topic")
        }
    }

    @Test func thePreferenceCenterShowsAKnownSubjectsPreferencesAndUnsubscribesAChannelInOneClick() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            try await publishTopics(client, admin: test.adminKey)
            let writer = try await test.key([.consentsWrite, .consentsRead])
            _ = try await client.send(
                .post, "/v1/properties/demo/consents",
                json:
                    #"{"subject":"di@example.com","choices":{"email.newsletter":"granted","sms.newsletter":"granted","analytics":"granted"},"source":"api"}"#,
                headers: bearer(writer))
            let issued = try await client.send(.post, "/v1/properties/demo/subjects/di%40example.com/preference-link", headers: bearer(writer))
            let url = try #require(issued.body["url"] as? String)
            let components = try #require(URLComponents(string: url))
            let page = try await client.execute(uri: components.path + "?" + (components.percentEncodedQuery ?? ""), method: .get) { $0 }
            let html = String(buffer: page.body)
            #expect(html.contains(#"value="email.newsletter" id="pc-email-newsletter" checked"#))
            #expect(html.contains(#"value="email.offers" id="pc-email-offers">"#))
            #expect(html.contains(#"value="sms.newsletter" id="pc-sms-newsletter" checked"#))
            #expect(html.contains(#"value="unsubscribe:email""#))
            func hidden(_ name: String) throws -> String {
                let marker = #"name="\#(name)" value=""#
                let start = try #require(html.range(of: marker)).upperBound
                return String(html[start...].prefix { $0 != "\"" })
            }
            let binding = try #require(page.headers[values: .setCookie].first { $0.hasPrefix("accord_csrf=") })
            let headers: HTTPFields = [
                HTTPField.Name("Sec-Fetch-Site")!: "same-origin", .contentType: "application/x-www-form-urlencoded",
                .cookie: String(binding.split(separator: ";")[0]),
            ]
            let saved = try await client.execute(
                uri: "/p/demo/preferences", method: .post, headers: headers,
                body: ByteBuffer(string: "link=\(try hidden("link"))&csrf=\(try hidden("csrf"))&action=unsubscribe%3Aemail")
            ) { $0 }
            #expect(saved.status == .seeOther)
            let state = try await client.send(.get, "/v1/properties/demo/subjects/di%40example.com/consents", headers: bearer(writer))
            let purposes = try #require(state.body["purposes"] as? [String: [String: Any]])
            #expect(purposes["email.newsletter"]?["status"] as? String == "denied")
            #expect(purposes["email.offers"]?["status"] as? String == "denied")
            #expect(purposes["sms.newsletter"]?["status"] as? String == "granted")
            #expect(purposes["analytics"]?["status"] as? String == "granted")
        }
    }
}
