import AccordCore
import Foundation

extension ConsolePage {
    /// The printable audit report of one property for a period: what the team hands a regulator.
    struct AuditReport: Sendable {
        struct Policy: Sendable {
            struct Text: Sendable {
                var locale: String
                var fields: [Field]
            }
            struct Field: Sendable {
                var name: String
                var value: String
            }
            struct PurposeText: Sendable {
                var key: String
                var name: String
                var description: String
                var legalBasis: String
                var required: String
                var lifetime: String
            }
            var version: Int
            var publishedAt: String
            var publishedBy: String
            var contentHash: String
            var changed: String
            var purposes: [PurposeText]
            var texts: [Text]
        }
        struct Count: Sendable {
            var label: String
            var value: String
        }
        struct Head: Sendable {
            var chain: String
            var position: Int64
            var hash: String
        }
        struct Change: Sendable {
            var time: String
            var actor: String
            var action: String
            var target: String
        }
        var propertyName: String
        var propertyID: String
        var from: String
        var to: String
        var generatedAt: String
        var generatedBy: String
        var policies: [Policy]
        var counts: [Count]
        var sources: [Count]
        var heads: [Head]
        var verification: Audit.Verification
        var changes: [Change]
        /// The form to pick another period, on the console's copy.
        var formAction: String?
    }
}

extension ConsolePage.Model {
    /// The audit report: policy versions in force in the period with their exact texts, consent counts by source,
    /// the property's chain heads with the verification run for the report, and the configuration changes of the
    /// period with their actors. `chrome` is nil for the admin API's copy, which is the same page without the
    /// console's navigation.
    static func auditReportPage(
        property: Property, period: ClosedRange<Int>, policies: [PolicyVersion], report: ConsentReport, heads: [ChainHead],
        verification: StoreAudit.Report, changes: [StoredAuditEntry], generatedAt: Date, generatedBy: String,
        chrome: ConsolePage.Chrome?, formAction: String?
    ) -> Self {
        var model = Self(title: "Audit report: \(property.name)", chrome: chrome)
        model.auditReport = ConsolePage.AuditReport(
            propertyName: property.name, propertyID: property.id.rawValue, from: ReportDay.name(period.lowerBound),
            to: ReportDay.name(period.upperBound), generatedAt: generatedAt.rfc3339, generatedBy: generatedBy,
            policies: policies.map { policy in
                .init(
                    version: policy.version, publishedAt: policy.publishedAt.rfc3339, publishedBy: policy.publishedBy,
                    contentHash: policy.contentHash,
                    changed: policy.changedPurposes.isEmpty ? "none" : policy.changedPurposes.map(\.rawValue).joined(separator: ", "),
                    purposes: policy.purposes.map { purpose in
                        .init(
                            key: purpose.key.rawValue, name: purpose.name, description: purpose.description,
                            legalBasis: purpose.legalBasis.rawValue, required: purpose.isRequired ? "yes" : "no",
                            lifetime: "\(purpose.lifetimeDays) days")
                    },
                    texts: policy.texts.sorted { $0.key < $1.key }.map { locale, texts in
                        .init(
                            locale: locale,
                            fields: texts.values.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
                    })
            },
            counts: [
                .init(label: "Banner impressions", value: String(report.totalImpressions)),
                .init(label: "Choices recorded", value: String(report.totalChoices)),
                .init(label: "Accepted all", value: String(report.acceptAll)),
                .init(label: "Rejected all", value: String(report.rejectAll)),
                .init(label: "Customised", value: String(report.customised)),
            ],
            sources: report.sources.map { .init(label: $0.source.rawValue, value: String($0.choices)) },
            heads: heads.map { .init(chain: $0.chain, position: $0.position, hash: $0.hash) },
            verification: ConsolePage.verification(of: verification, checkedAt: generatedAt),
            changes: changes.map {
                .init(
                    time: $0.entry.recordedAt.rfc3339, actor: $0.entry.actor, action: $0.entry.action, target: $0.entry.target ?? "")
            },
            formAction: formAction)
        return model
    }
}
