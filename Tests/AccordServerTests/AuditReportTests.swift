import AccordCore
import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// The printable audit report: the policy version in force with its exact texts, counts by source, the chain
/// heads with their verification, and the configuration changes with their actors.
@Suite struct AuditReportTests {
    @Test func adminReportShowsPoliciesCountsHeadsAndChanges() async throws {
        let test = try await TestApplication.make()
        let property = try #require(try await test.services.store.property("demo"))
        _ = try await test.services.recorder.record(
            ConsentRequest(subject: "customer-1", choices: ["analytics": "granted"], source: "api", policyVersion: 1),
            in: property, client: ClientContext(), authentication: .apiKey(prefix: "acc_test"))
        try await test.services.editor.change("demo", by: "user:dpo@example.org", action: "purpose.update", target: "analytics") {
            $0.purposes[1].name = "Audience measurement"
        }
        try await test.application.test(.router) { client in
            let page = try await client.execute(
                uri: "/v1/admin/properties/demo/audit/report", method: .get, headers: bearer(test.adminKey)
            ) { String(buffer: $0.body) }
            #expect(page.contains("<h3>Version 1</h3>"))
            #expect(page.contains(property.purposes[1].description))
            #expect(page.contains("<tr><th scope=\"row\">api</th><td class=\"number\">1</td></tr>"))
            #expect(page.contains("Every chain verifies"))
            #expect(page.contains("<th scope=\"row\">config/demo</th>"))
            #expect(page.contains("<td>user:dpo@example.org</td><td>purpose.update</td><td>analytics</td>"))
            #expect(!page.contains("<nav aria-label=\"Console\">"))
            let bad = try await client.send(.get, "/v1/admin/properties/demo/audit/report?from=2026-13-01", headers: bearer(test.adminKey))
            #expect(bad.status == .badRequest)
            let anonymous = try await client.send(.get, "/v1/admin/properties/demo/audit/report")
            #expect(anonymous.status == .unauthorized)
        }
    }
}
