import AccordCore
import Foundation

extension ConsolePage {
    /// A purpose form sent back with what was typed and the message beside the field it is about.
    struct PurposeDraft: Sendable {
        var key: PurposeKey
        var name: String
        var description: String
        var vendors: String = ""
        var field: String
        var message: String
    }
}

extension ConsolePage.Model {
    /// A property's purposes as forms (read-only for roles that may not configure) and the publish button.
    static func configurationPage(
        property: Property, properties: [Property], published: PolicyVersion? = nil, unpublished: Bool, canEdit: Bool,
        csrf: String, chrome: ConsolePage.Chrome,
        draft: ConsolePage.PurposeDraft? = nil, notice: String? = nil, alert: String? = nil
    ) -> Self {
        var model = Self(title: "Configuration: \(property.name)", chrome: chrome)
        model.notice = notice
        model.alert = alert
        let base = "/console/properties/\(property.id.rawValue)"
        let changes = Self.changes(from: published, to: property)
        model.configuration = ConsolePage.Configuration(
            properties: properties.map {
                .init(href: "/console/properties/\($0.id.rawValue)", name: $0.name, current: $0.id == property.id)
            },
            changes: changes, hasChanges: !changes.isEmpty,
            previewSrc: "\(base)/preview?locale=\(property.defaultLocale)",
            previews: ([property.defaultLocale] + property.locales.filter { $0 != property.defaultLocale }).map {
                .init(href: "\(base)/preview?locale=\($0)", locale: $0, textsHref: "\(base)/texts/\($0)")
            },
            version: property.currentPolicyVersion, unpublished: unpublished, canEdit: canEdit, csrf: csrf,
            etag: PropertyTag.of(property),
            purposes: property.purposes.map { purpose in
                let mine = draft?.key == purpose.key ? draft : nil
                return .init(
                    key: purpose.key.rawValue, action: "\(base)/purposes/\(purpose.key.rawValue)", name: mine?.name ?? purpose.name,
                    description: mine?.description ?? purpose.description, required: purpose.isRequired,
                    nameError: mine?.field == "name" ? mine?.message : nil,
                    descriptionError: mine?.field == "description" ? mine?.message : nil,
                    vendors: mine?.vendors ?? purpose.vendors.joined(separator: "\n"),
                    vendorsError: mine?.field == "vendors" ? mine?.message : nil,
                    consentMode: ConsentModeType.allCases.map { type in
                        .init(
                            value: type.rawValue, id: "gcm-\(purpose.key.rawValue)-\(type.rawValue)",
                            checked: (property.consentMode[purpose.key] ?? []).contains(type))
                    },
                    editHref: "\(base)/purposes/\(purpose.key.rawValue)/edit", retired: purpose.isRetired)
            },
            publishAction: "\(base)/publish", versionsHref: "\(base)/versions",
            regionsHref: "\(base)/regions", noticeHref: "\(base)/notice", settingsHref: "\(base)/settings",
            addPurposeHref: "\(base)/purposes", warnings: property.publishWarnings, hasWarnings: !property.publishWarnings.isEmpty)
        return model
    }

    /// The purposes whose name or description the draft changes against `published`, and whether publishing asks
    /// visitors again for each (the policy version's own rule, `PolicyVersion.changedPurposes`).
    static func changes(from published: PolicyVersion?, to draft: Property) -> [ConsolePage.Configuration.Change] {
        let next = PolicyVersion(
            publishing: draft, version: (published?.version ?? 0) + 1, previous: published, at: Date(timeIntervalSince1970: 0), by: "")
        let askedAgain = Set(next.changedPurposes)
        return draft.purposes.compactMap { purpose in
            let before = published?.purposes.first { $0.key == purpose.key }
            let retiring = purpose.isRetired && before.map { !$0.isRetired } == true
            guard before?.name != purpose.name || before?.description != purpose.description || askedAgain.contains(purpose.key) || retiring
            else { return nil }
            // A purpose retired before it was ever published was never offered: nothing for visitors changes.
            if purpose.isRetired && (before == nil || before?.isRetired == true) { return nil }
            return .init(
                key: purpose.key.rawValue, publishedName: before?.name ?? "(new)", publishedDescription: before?.description ?? "",
                draftName: retiring ? "(retired: no longer offered) \(purpose.name)" : purpose.name, draftDescription: purpose.description,
                askedAgain: askedAgain.contains(purpose.key))
        }
    }
}
