import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The impressions beacon and `GET .../reports/consent`: counters in, the dashboard's figures out.
@Suite struct ReportsAPITests {
    let impressions = "/v1/properties/demo/impressions"

    func beacon(_ entries: String) -> String { #"{"impressions":[\#(entries)]}"# }

    @Test func beaconsAndChoicesAddUpInTheReportByDayRegionAndPurpose() async throws {
        let test = try await TestApplication.make()
        let property = try #require(try await test.services.store.property("demo"))
        let optional = property.purposes.filter { !$0.isRequired }.map(\.key.rawValue)
        try await test.application.test(.router) { client in
            // sendBeacon posts text/plain: accepted like JSON, with no preflight.
            let first = try await client.execute(
                uri: impressions, method: .post, headers: [.origin: "http://localhost:3000", .contentType: "text/plain;charset=UTF-8"],
                body: ByteBuffer(string: beacon(#"{"region":"DE","regime":"optIn","locale":"de","policyVersion":1}"#)))
            #expect(first.status == .accepted)
            #expect(first.headers[.accessControlAllowOrigin] == "http://localhost:3000")
            let batch = beacon(
                #"{"region":"DE","regime":"optIn","locale":"de","policyVersion":1,"count":2},{"regime":"optIn","policyVersion":1}"#)
            #expect(try await client.send(.post, impressions, json: batch, headers: localOrigin).status == .accepted)
            for (index, granted) in [true, false].enumerated() {
                let choices = optional.map { "\"\($0)\":\"\(granted ? "granted" : "denied")\"" }.joined(separator: ",")
                let visitor = "av_" + String(repeating: String(index), count: 32)
                let body = #"{"subject":"\#(visitor)","choices":{\#(choices)},"region":"DE","policyVersion":1}"#
                #expect(try await client.send(.post, "/v1/properties/demo/consents", json: body, headers: localOrigin).status == .created)
            }

            let today = ReportDay.name(ReportDay.of(Date()))
            let byDay = try await client.send(
                .get, "/v1/admin/properties/demo/reports/consent?from=\(today)&to=\(today)", headers: bearer(test.adminKey))
            #expect(byDay.status == .ok)
            let totals = try #require(byDay.body["totals"] as? [String: Any])
            #expect(totals["impressions"] as? Int == 4)
            #expect(totals["choices"] as? Int == 2)
            #expect(totals["consented"] as? Int == 1)
            #expect(totals["consentRatePercent"] as? Int == 25)
            #expect(totals["acceptAll"] as? Int == 1)
            #expect(totals["rejectAll"] as? Int == 1)
            let rows = try #require(byDay.body["rows"] as? [[String: Any]])
            #expect(rows.count == 1)
            #expect(rows.first?["day"] as? String == today)
            #expect(rows.first?["impressions"] as? Int == 4)

            let byRegion = try await client.send(
                .get, "/v1/admin/properties/demo/reports/consent?groupBy=region", headers: bearer(test.adminKey))
            let regions = try #require(byRegion.body["rows"] as? [[String: Any]])
            #expect(regions.map { $0["region"] as? String } == ["DE", "unknown"])
            #expect(regions.map { $0["impressions"] as? Int } == [3, 1])
            #expect(regions.map { $0["choices"] as? Int } == [2, 0])
            #expect(byRegion.body["to"] as? String == today)

            let byPurpose = try await client.send(
                .get, "/v1/admin/properties/demo/reports/consent?groupBy=purpose", headers: bearer(test.adminKey))
            let purposes = try #require(byPurpose.body["rows"] as? [[String: Any]])
            #expect(purposes.map { $0["purpose"] as? String } == optional)
            #expect(purposes.allSatisfy { $0["acceptancePercent"] as? Int == 50 })
        }
    }

    @Test(arguments: [
        (#"{"impressions":[]}"#, "impressions"),
        (#"{"impressions":[{"regime":"maybe","policyVersion":1}]}"#, "impressions[0].regime"),
        (#"{"impressions":[{"regime":"optIn"}]}"#, "impressions[0].policyVersion"),
        (#"{"impressions":[{"regime":"optIn","policyVersion":1,"region":"Germany"}]}"#, "impressions[0].region"),
        (#"{"impressions":[{"regime":"optIn","policyVersion":1,"day":"2001-01-01"}]}"#, "impressions[0].day"),
        (#"{"impressions":[{"regime":"optIn","policyVersion":1,"count":0}]}"#, "impressions[0].count"),
        (#"{"impressions":[{"regime":"optIn","policyVersion":1,"locale":"<script>"}]}"#, "impressions[0].locale"),
    ])
    func badBeaconsAreRefusedNamingTheField(_ body: String, _ field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let refused = try await client.send(.post, impressions, json: body, headers: localOrigin)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.body.error?["field"] as? String == field)
            let report = try await client.send(.get, "/v1/admin/properties/demo/reports/consent", headers: bearer(test.adminKey))
            #expect((report.body["totals"] as? [String: Any])?["impressions"] as? Int == 0)
        }
    }

    @Test func beaconFromAnOriginThePropertyDoesNotAllowIsRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let body = beacon(#"{"regime":"optIn","policyVersion":1}"#)
            let refused = try await client.send(.post, impressions, json: body, headers: [.origin: "https://evil.example"])
            #expect(refused.status == .forbidden)
        }
    }

    @Test func aReversedOrTooLongPeriodIsReadAsTheDaysTheAnswerNames() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let reversed = try await client.send(
                .get, "/v1/admin/properties/demo/reports/consent?from=2026-03-02&to=2026-03-01", headers: bearer(test.adminKey))
            #expect(reversed.status == .ok)
            #expect(reversed.body["from"] as? String == "2026-03-01" && reversed.body["to"] as? String == "2026-03-01")
            let long = try await client.send(
                .get, "/v1/admin/properties/demo/reports/consent?from=0001-01-01&to=2026-01-01", headers: bearer(test.adminKey))
            #expect(long.status == .ok)
            #expect(long.body["from"] as? String == "2025-01-01")
            #expect((long.body["rows"] as? [Any])?.count == 366)
        }
    }

    @Test(arguments: [("?groupBy=week", "groupBy"), ("?from=2026-02-30", "from"), ("?to=yesterday", "to")])
    func badReportQueriesAre400NamingTheField(_ query: String, _ field: String) async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let refused = try await client.send(.get, "/v1/admin/properties/demo/reports/consent\(query)", headers: bearer(test.adminKey))
            #expect(refused.status == .badRequest)
            #expect(refused.body.error?["field"] as? String == field)
        }
    }

    @Test func reportNeedsTheAdminScopeAndAKnownProperty() async throws {
        let test = try await TestApplication.make()
        let reader = try await test.key([.consentsRead])
        try await test.application.test(.router) { client in
            let anonymous = try await client.send(.get, "/v1/admin/properties/demo/reports/consent")
            #expect(anonymous.status == .unauthorized)
            let narrow = try await client.send(.get, "/v1/admin/properties/demo/reports/consent", headers: bearer(reader))
            #expect(narrow.status == .forbidden)
            let unknown = try await client.send(.get, "/v1/admin/properties/nope/reports/consent", headers: bearer(test.adminKey))
            #expect(unknown.status == .notFound)
        }
    }
}
