/// The property every new installation starts with, so the SDK and API can be tried at once.
public enum DemoProperty {
    public static let id: PropertyID = "demo"

    public static func make() -> Property {
        Property(
            id: id,
            name: "Demo site",
            allowedOrigins: OriginPattern.loopback,
            purposes: [
                Purpose(
                    key: "necessary", name: "Strictly necessary",
                    description: "Needed for the site to work: security, load balancing, remembering your choices.",
                    legalBasis: .legalObligation, isRequired: true),
                Purpose(
                    key: "analytics", name: "Analytics",
                    description: "Counting visits and measuring how the site is used, to improve it."),
                Purpose(
                    key: "marketing", name: "Marketing",
                    description: "Advertising and measuring it, including sharing with advertising partners."),
                Purpose(
                    key: "personalization", name: "Personalization",
                    description: "Remembering preferences and tailoring content to you."),
            ],
            defaultRegime: .optIn,
            currentPolicyVersion: 1
        )
    }
}
