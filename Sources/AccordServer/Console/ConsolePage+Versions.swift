import AccordCore
import Foundation

extension ConsolePage {
    /// Two versions of a property side by side: any two published policy versions, or one and the draft. The
    /// purposes that differ (and whether people are asked again for them) and every banner text that reads otherwise.
    struct Versions: Sendable {
        struct Option: Sendable {
            var value: String
            var label: String
            var selected: Bool
        }
        struct PurposeRow: Sendable {
            var key: String
            var beforeName: String
            var beforeDescription: String
            var afterName: String
            var afterDescription: String
            var askedAgain: Bool
        }
        struct TextRow: Sendable {
            var locale: String
            var field: String
            var before: String
            var after: String
        }
        var action: String
        var configurationHref: String
        var fromOptions: [Option]
        var toOptions: [Option]
        var fromLabel: String
        var toLabel: String
        var fromError: String?
        var toError: String?
        var purposes: [PurposeRow]
        var texts: [TextRow]
        var same: Bool
        /// Stored, as the template reads fields by reflection.
        var hasPurposes: Bool
        var hasTexts: Bool
    }

    /// One side of a comparison, as the form names it: a version number or `draft`.
    enum VersionChoice: Hashable, Sendable {
        case published(Int)
        case draft

        /// `draft`, or the number of a published version (1 to `current`); nil for anything else.
        init?(_ text: String, current: Int) {
            if text == "draft" {
                self = .draft
            } else if let number = Int(text), (1...max(current, 1)).contains(number), current > 0 {
                self = .published(number)
            } else {
                return nil
            }
        }

        var value: String {
            switch self {
            case .published(let number): String(number)
            case .draft: "draft"
            }
        }
    }
}

extension ConsolePage.Model {
    /// The comparison page. `versions` are the published versions, newest first; `from`/`to` the two sides (nil
    /// with `fromText`/`toText` kept and an error beside the field when the form named no version).
    static func versionsPage(
        property: Property, versions: [PolicyVersion], from: PolicyVersion?, to: PolicyVersion?,
        fromText: String, toText: String, chrome: ConsolePage.Chrome
    ) -> Self {
        var model = Self(title: "Compare versions: \(property.name)", chrome: chrome)
        let base = "/console/properties/\(property.id.rawValue)"
        func options(_ selected: String) -> [ConsolePage.Versions.Option] {
            [.init(value: "draft", label: "The draft (not published)", selected: selected == "draft")]
                + versions.map { version in
                    .init(
                        value: String(version.version),
                        label: "Version \(version.version), published \(version.publishedAt.rfc3339) by \(version.publishedBy)",
                        selected: selected == String(version.version))
                }
        }
        let diff = from.flatMap { from in to.map { PolicyDiff(from: from, to: $0) } }
        let noVersion = "Choose the draft or a published version (1 to \(property.currentPolicyVersion))."
        model.versions = ConsolePage.Versions(
            action: "\(base)/versions", configurationHref: base,
            fromOptions: options(fromText), toOptions: options(toText),
            fromLabel: label(fromText), toLabel: label(toText),
            fromError: from == nil ? noVersion : nil, toError: to == nil ? noVersion : nil,
            purposes: (diff?.purposes ?? []).map { change in
                .init(
                    key: change.key.rawValue, beforeName: change.before?.name ?? "(not asked)",
                    beforeDescription: change.before?.description ?? "", afterName: change.after?.name ?? "(no longer asked)",
                    afterDescription: change.after?.description ?? "", askedAgain: change.inSubstance && change.after != nil)
            },
            texts: (diff?.texts ?? []).map {
                .init(locale: $0.locale, field: $0.field, before: $0.before ?? "(not offered)", after: $0.after ?? "(not offered)")
            },
            same: diff?.isEmpty == true, hasPurposes: diff?.purposes.isEmpty == false,
            hasTexts: diff?.texts.isEmpty == false)
        return model
    }

    private static func label(_ text: String) -> String {
        text == "draft" ? "the draft" : "version \(text)"
    }
}
