/// The words of the hosted status page's second-data-point step (access to specific pieces, portability), per locale,
/// resolved like `RequestPageTexts`.
public struct RequestDataPointTexts: Hashable, Sendable {
    public var locale: String
    public var legend: String
    public var hint: String
    public var kindLabel: String
    public var kinds: [VerificationDataPoint.Kind: String]
    public var valueLabel: String
    public var submit: String
    public var waitingForOperator: String

    public static let english = RequestDataPointTexts(
        locale: "en", legend: "One more detail we can check",
        hint: "For this request we must be more certain it comes from you: give one detail we already hold about you.",
        kindLabel: "Which detail", kinds: [.name: "Your full name", .phone: "Your phone number", .customerNumber: "Your customer number"],
        valueLabel: "The detail", submit: "Check this detail",
        waitingForOperator: "Thank you. Our privacy team will check your request and contact you.")

    public static let german = RequestDataPointTexts(
        locale: "de", legend: "Eine weitere Angabe, die wir prüfen können",
        hint: "Für diese Anfrage müssen wir sicherer sein, dass sie von Ihnen stammt: nennen Sie eine Angabe, die uns bereits vorliegt.",
        kindLabel: "Welche Angabe",
        kinds: [.name: "Ihr vollständiger Name", .phone: "Ihre Telefonnummer", .customerNumber: "Ihre Kundennummer"],
        valueLabel: "Die Angabe", submit: "Angabe prüfen",
        waitingForOperator: "Danke. Unser Datenschutzteam prüft Ihre Anfrage und meldet sich bei Ihnen.")

    /// The texts in the language `RequestPageTexts` resolved to.
    public static func resolve(_ texts: RequestPageTexts) -> RequestDataPointTexts {
        texts.locale == "de" ? german : english
    }

    /// The kinds in a stable order, for the form's choice.
    public var options: [(value: String, label: String)] {
        VerificationDataPoint.Kind.allCases.map { ($0.rawValue, kinds[$0] ?? $0.rawValue) }
    }
}
