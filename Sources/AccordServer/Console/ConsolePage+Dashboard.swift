import AccordCore

extension ConsolePage {
    /// The periods the dashboard offers, in days.
    static let periods = [7, 30, 90]
}

extension ConsolePage.Model {
    /// The dashboard of `report` for `property`, with the property and period pickers.
    static func dashboardPage(
        report: ConsentReport, property: Property, properties: [Property], days: Int, chrome: ConsolePage.Chrome
    ) -> Self {
        var model = Self(title: "Dashboard", chrome: chrome)
        let rate = report.consentRatePercent.map { "\($0) %" } ?? "–"
        let label = "last \(days) days"
        model.dashboard = ConsolePage.Dashboard(
            properties: properties.map { .init(id: $0.id.rawValue, name: $0.name, selected: $0.id == property.id) },
            periods: ConsolePage.periods.map { .init(days: $0, label: "Last \($0) days", selected: $0 == days) },
            propertyName: property.name, periodLabel: label,
            figures: [
                .init(label: "Banner impressions", value: String(report.totalImpressions)),
                .init(label: "Choices", value: String(report.totalChoices)),
                .init(label: "Consent rate (banner impressions answered with a purpose granted)", value: rate),
                .init(label: "Accepted all", value: String(report.acceptAll)),
                .init(label: "Rejected all", value: String(report.rejectAll)),
                .init(label: "Customised", value: String(report.customised)),
            ],
            csvHref: "/console/report.csv?property=\(property.id.rawValue)&days=\(days)",
            charts: [
                BarChart.make(
                    id: "impressions-by-day", heading: "Banner impressions per day", keyHeading: "Day", valueHeading: "Impressions",
                    values: report.days.map { ($0.date, $0.impressions) }, labelEvery: days <= 7 ? 1 : days <= 30 ? 7 : 30),
                BarChart.make(
                    id: "choices-by-day", heading: "Choices per day", keyHeading: "Day", valueHeading: "Choices",
                    values: report.days.map { ($0.date, $0.choices) }, labelEvery: days <= 7 ? 1 : days <= 30 ? 7 : 30
                ).asLine(),
                BarChart.make(
                    id: "acceptance-by-purpose", heading: "Acceptance per purpose", keyHeading: "Purpose",
                    valueHeading: "Granted of all answers", values: report.purposes.map { ($0.name, $0.acceptancePercent ?? 0) },
                    maximum: 100, format: { "\($0) %" }),
            ],
            days: report.days, regions: report.regions)
        return model
    }
}
