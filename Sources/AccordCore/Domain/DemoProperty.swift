/// The property every new installation starts with, so the SDK and API can be tried at once.
public enum DemoProperty {
    /// `demo`: the property the README's quick start and SDK snippet (`data-property="demo"`) use.
    public static let id: PropertyID = "demo"

    /// A fresh copy: four purposes in English and German, loopback origins only, with Consent Mode types and cookies to delete.
    public static func make() -> Property {
        Property(
            id: id,
            name: "Demo site",
            allowedOrigins: OriginPattern.loopback,
            purposes: [
                Purpose(
                    key: "necessary", name: "Strictly necessary",
                    description: "Needed for the site to work: security, load balancing, remembering your choices.",
                    legalBasis: .legalObligation, isRequired: true,
                    translations: [
                        "de": .init(
                            name: "Unbedingt erforderlich",
                            description: "Für den Betrieb der Website nötig: Sicherheit, Lastverteilung, Speichern Ihrer Auswahl.")
                    ]),
                Purpose(
                    key: "analytics", name: "Analytics",
                    description: "Counting visits and measuring how the site is used, to improve it.",
                    translations: [
                        "de": .init(name: "Statistik", description: "Besuche zählen und messen, wie die Website genutzt wird, um sie zu verbessern.")
                    ]),
                Purpose(
                    key: "marketing", name: "Marketing",
                    description: "Advertising and measuring it, including sharing with advertising partners.",
                    optOutCategories: [.sale, .sharing, .targetedAdvertising],
                    translations: [
                        "de": .init(name: "Marketing", description: "Werbung und deren Messung, einschließlich Weitergabe an Werbepartner.")
                    ]),
                Purpose(
                    key: "personalization", name: "Personalization",
                    description: "Remembering preferences and tailoring content to you.",
                    translations: ["de": .init(name: "Personalisierung", description: "Vorlieben speichern und Inhalte auf Sie zuschneiden.")]),
            ],
            defaultLocale: "en",
            locales: ["en", "de"],
            consentMode: [
                "necessary": [.securityStorage, .functionalityStorage],
                "analytics": [.analyticsStorage],
                "marketing": [.adStorage, .adUserData, .adPersonalization],
                "personalization": [.personalizationStorage],
            ],
            cookiesToDelete: ["analytics": ["_ga", "_gid"], "marketing": ["_fbp", "_gcl_au"]]
        )
    }
}
