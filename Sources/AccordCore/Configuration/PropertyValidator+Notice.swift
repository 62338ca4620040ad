extension PropertyValidator {
    /// The controller, the privacy-policy addresses and the vendors per purpose: what the banner tells a visitor
    /// about who asks and who receives, so each must read and link properly.
    static func validateNotice(_ property: Property) throws(ConfigurationError) {
        if let controller = property.controller {
            guard RequestValidation.hasVisibleText(controller.name), controller.name.count <= 200 else {
                throw .invalid("controller.name", "the controller's name is required, at most 200 characters")
            }
            guard controller.contactHref != nil else {
                throw .invalid("controller.contact", "an e-mail address or an http(s) address of a contact page")
            }
        }
        for (locale, url) in property.privacyPolicyURLs.sorted(by: { $0.key < $1.key }) {
            guard RequestValidation.isLocale(locale) else { throw .invalid("privacyPolicyURLs.\(locale)", "not a BCP 47 language tag") }
            guard DataController.isWebAddress(url) else {
                throw .invalid("privacyPolicyURLs.\(locale)", "an absolute http(s) address, such as https://example.org/privacy")
            }
        }
        for (index, purpose) in property.purposes.enumerated() {
            var seen = Set<String>()
            for (position, vendor) in purpose.vendors.enumerated() {
                let field = "purposes[\(index)].vendors[\(position)]"
                guard RequestValidation.hasVisibleText(vendor), vendor.count <= 200 else {
                    throw .invalid(field, "a vendor's name, at most 200 characters")
                }
                guard seen.insert(vendor).inserted else { throw .invalid(field, "'\(vendor)' is listed twice") }
            }
        }
    }
}
