import AccordCore
import Foundation

/// Gathers the audit report of a property for a period (`ConsolePage.Model.auditReportPage`): the policy versions
/// in force in it, the consent figures from the counters, the property's chain heads, a verification run of every
/// chain, and the configuration changes of the period. The verification reads the whole log once: it is what
/// makes the report worth handing over, and it runs only when someone asks for a report.
struct AuditReports: Sendable {
    let configuration: any ConfigurationStore
    let chains: any ChainReader
    let reports: ConsoleReports

    struct Contents: Sendable {
        var policies: [PolicyVersion]
        var report: ConsentReport
        var heads: [ChainHead]
        var verification: StoreAudit.Report
        var changes: [StoredAuditEntry]
    }

    func contents(of property: Property, period: ClosedRange<Int>) async throws -> Contents {
        let start = Date(timeIntervalSince1970: Double(period.lowerBound) * 86_400)
        let end = Date(timeIntervalSince1970: Double(period.upperBound + 1) * 86_400)
        // Newest first: a version is in force from its publication until the next one's.
        var versions: [PolicyVersion] = []
        var before: Int?
        while true {
            let page = try await configuration.policyVersions(of: property.id, before: before, limit: 100)
            versions += page
            guard page.count == 100, let last = page.last else { break }
            before = last.version
        }
        var inForce: [PolicyVersion] = []
        var nextPublished: Date?
        for version in versions {
            if version.publishedAt < end, nextPublished.map({ $0 > start }) ?? true { inForce.append(version) }
            nextPublished = version.publishedAt
        }
        var changes: [StoredAuditEntry] = []
        var cursor: Int64?
        scan: while true {
            let page = try await configuration.auditEntries(of: property.id, before: cursor, limit: 200)
            for stored in page {
                if stored.entry.recordedAt < start { break scan }
                if stored.entry.recordedAt < end { changes.append(stored) }
            }
            guard page.count == 200, let last = page.last else { break }
            cursor = last.sequence
        }
        let own = property.id.rawValue
        let heads = try await chains.chainHeads().filter { $0.chain.hasPrefix("\(own)/") || $0.chain == "config/\(own)" }
            .sorted { $0.chain < $1.chain }
        return Contents(
            policies: inForce.reversed(), report: try await reports.report(of: property, period: period), heads: heads,
            verification: try await StoreAudit.run(chains), changes: changes)
    }
}
