import AccordCore

extension DemoPage {
    struct Model: Hashable, Sendable {
        /// The region the SDK is told (`data-region`), or nil to let it be detected.
        var region: String?
        /// The regions the page links to, to try each regime.
        var regionLinks: [String]
        /// The SDK tag's Subresource Integrity.
        var sdkIntegrity: String
        /// The label of the button that reopens the banner.
        var manageLabel: String

        static func make(region: String?) -> Model {
            Model(region: region, regionLinks: ["DE", "US-CA", "JP"], sdkIntegrity: SDKAsset.integrity, manageLabel: manageLabel)
        }

        /// The demo property's own English word for it, as its banner says it.
        private static let manageLabel = DemoProperty.make().bannerTexts(for: ["en"]).manage
    }
}
