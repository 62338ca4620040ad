/// Computes a visitor's experience from the property, its published policy, the region and the locale.
/// Pure: everything it depends on is passed in.
public enum ExperienceResolver {
    /// The first-party cookie the SDK keeps a visitor's choice in; Accord's hosted pages read and write it too.
    public static let cookieName = "accord_consent"

    /// The experience under `policy` (normally the current version) for a visitor from `region`, else the property's
    /// default region, asking for `locale`.
    public static func resolve(property: Property, policy: PolicyVersion, region: String?, locale: String?) -> Experience {
        let region = region ?? property.defaultRegion
        let rule = property.rule(for: region)
        let chain = LocaleFallback.chain(for: locale, defaultLocale: property.defaultLocale)
        // The locale actually served: the first in the chain the policy has texts for.
        let served = chain.first { policy.texts[$0] != nil } ?? property.defaultLocale
        let texts = chain.lazy.compactMap { policy.texts[$0] }.first ?? property.bannerTexts(for: chain)
        // Communication preferences are asked in the preference center and forms, never by the cookie banner.
        let purposes = policy.activePurposes.filter { !$0.isPreference }.map { purpose in
            let text = purpose.text(for: chain.filter { $0 != property.defaultLocale })
            return Experience.PurposeEntry(
                key: purpose.key.rawValue, name: text.name, description: text.description, legalBasis: purpose.legalBasis,
                required: purpose.isRequired, default: rule.defaultChoice(for: purpose),
                lifetimeDays: rule.lifetimeDays[purpose.key] ?? purpose.lifetimeDays,
                gpcOptOut: rule.honoursGPC && !purpose.optOutCategories.isEmpty,
                consentMode: property.consentMode[purpose.key] ?? [], cookies: property.cookiesToDelete[purpose.key] ?? [],
                changed: policy.changedPurposes.contains(purpose.key), vendors: purpose.vendors.isEmpty ? nil : purpose.vendors)
        }
        return Experience(
            property: property.id.rawValue, region: region, regime: rule.regime, regulation: rule.regulation,
            honoursGPC: rule.honoursGPC, locale: served, purposes: purposes, texts: texts, policyVersion: policy.version,
            policyHash: policy.contentHash,
            tcfApplies: property.tcfEnabled && rule.regime == .optIn,
            gppApplies: property.gppEnabled && rule.regime == .optOut,
            cookie: .init(name: cookieName, domain: property.cookieDomain, lifetimeDays: property.cookieLifetimeDays),
            notice: Notice(policy: policy, locale: served))
    }
}
