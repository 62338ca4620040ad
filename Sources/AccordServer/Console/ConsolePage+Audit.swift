import AccordCore
import Foundation

extension ConsolePage.Model {
    /// The audit page: the chain verification (when just run) and the latest configuration changes.
    static func auditPage(entries: [StoredAuditEntry], verification: ConsolePage.Audit.Verification?, csrf: String, chrome: ConsolePage.Chrome)
        -> Self
    {
        var model = Self(title: "Audit", chrome: chrome)
        model.audit = ConsolePage.Audit(
            csrf: csrf, verification: verification,
            entries: entries.map {
                .init(
                    time: $0.entry.recordedAt.rfc3339, property: $0.entry.property.rawValue, actor: $0.entry.actor,
                    action: $0.entry.action, target: $0.entry.target)
            })
        return model
    }

}

extension ConsolePage {
    /// What a verification run found, in one sentence, with when it ran.
    static func verification(of report: StoreAudit.Report, checkedAt: Date) -> Audit.Verification {
        let when = " (checked \(checkedAt.rfc3339))"
        if let failure = report.chainFailure {
            return Audit.Verification(style: "alert", summary: "A chain does not verify: \(failure)\(when).")
        }
        if report.stateMismatches > 0 {
            return Audit.Verification(style: "alert", summary: "\(report.stateMismatches) state rows differ from the events' replay\(when).")
        }
        return Audit.Verification(
            style: "notice",
            summary: "Every chain verifies: \(report.eventCount) consent events and \(report.auditEntryCount) configuration entries"
                + (report.erasedSubjects > 0 ? "; \(report.erasedSubjects) erased subjects, their events kept unlinked" : "") + "\(when).")
    }
}
