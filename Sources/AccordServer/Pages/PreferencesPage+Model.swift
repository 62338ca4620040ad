import AccordCore

extension PreferencesPage {
    /// Everything the preference center shows, as strings, flags and lists. A template looks a name up in the
    /// enclosing values when a field is nil, so an optional field's name is used nowhere else in the model.
    struct Model: Hashable, Sendable {
        /// The SDK's tag on the anonymous visitor's page.
        struct SDKTag: Hashable, Sendable {
            var property: String
            var locale: String
            var visitor: String
            var formToken: String
        }

        /// One purpose's checkbox.
        struct PurposeRow: Hashable, Sendable {
            var key: String
            var inputID: String
            var name: String
            var description: String
            var checked: Bool
            var disabled: Bool
            /// The "always on" note of a required purpose.
            var alwaysOn: String?
            /// "Shared with: ..." when the purpose names its third parties.
            var vendors: String? = nil
        }

        /// The preferences of one channel, with the button that unsubscribes from all of them.
        struct ChannelGroup: Hashable, Sendable {
            var heading: String
            var rows: [PurposeRow]
            var unsubscribeValue: String
            var unsubscribeLabel: String
        }

        var locale: String
        var title: String
        var propertyName: String
        var description: String
        /// The notice after a save.
        var savedNotice: String?
        var sdk: SDKTag?
        var action: String
        /// The hidden field naming who the form speaks for: `visitor` or `link`, and its value.
        var holderField: String
        var holderValue: String
        var formToken: String
        var purposes: [PurposeRow]
        var saveLabel: String
        var withdrawLabel: String
        var historyHeading: String
        /// A known subject's events, newest first, one line each.
        var history: [String]
        /// The property's sites, which may embed the page.
        var frameAncestors: ContentSecurityPolicy.FrameAncestors
        /// A known subject's communication preferences, by channel (empty for an anonymous visitor).
        var channels: [ChannelGroup] = []
        /// Who asks and where to read more (the controller, its contact, the privacy policy); nil when none is set.
        var notice: Notice? = nil

        static func make(property: Property, experience: Experience, form: Form) -> Model {
            let texts = experience.texts
            let pageTexts = PageTexts.resolve(LocaleFallback.chain(for: experience.locale, defaultLocale: property.defaultLocale))
            let names = Dictionary(experience.purposes.map { ($0.key, $0.name) }, uniquingKeysWith: { first, _ in first })
            let holderField: String
            let holderValue: String
            var sdk: SDKTag?
            switch form.holder {
            case .visitor(let visitor):
                (holderField, holderValue) = ("visitor", visitor)
                sdk = SDKTag(property: property.id.rawValue, locale: experience.locale, visitor: visitor, formToken: form.token)
            case .link(let link):
                (holderField, holderValue) = ("link", link)
            }
            return Model(
                locale: experience.locale, title: texts.title, propertyName: property.name, description: texts.description,
                savedNotice: form.saved ? pageTexts.saved : nil, sdk: sdk,
                action: "/p/\(property.id.rawValue)/preferences?locale=\(experience.locale)",
                holderField: holderField, holderValue: holderValue, formToken: form.token,
                purposes: experience.purposes.map { purpose in
                    PurposeRow(
                        key: purpose.key, inputID: "pc-\(purpose.key)", name: purpose.name, description: purpose.description,
                        checked: form.granted.contains(purpose.key), disabled: purpose.required,
                        alwaysOn: purpose.required ? texts.alwaysOn : nil,
                        vendors: purpose.vendors.map { "\(experience.notice?.vendorsLabel ?? "Shared with"): \($0.joined(separator: ", "))" })
                },
                saveLabel: texts.save, withdrawLabel: texts.rejectAll, historyHeading: pageTexts.history,
                history: form.history.map { historyLine($0, names: names) },
                frameAncestors: ContentSecurityPolicy.frameAncestors(allowing: property.allowedOrigins),
                channels: channelGroups(form, chain: LocaleFallback.chain(for: experience.locale, defaultLocale: property.defaultLocale)),
                notice: experience.notice.flatMap { $0.controller != nil || $0.policyUrl != nil ? $0 : nil })
        }

        /// The preferences grouped by channel, in the order their topics are configured; named in the page's locale.
        static func channelGroups(_ form: Form, chain: [String]) -> [ChannelGroup] {
            let texts = UnsubscribeTexts.resolve(chain)
            let words = FormTexts.resolve(chain)
            var order: [Purpose.Channel] = []
            var rows: [Purpose.Channel: [PurposeRow]] = [:]
            for purpose in form.preferences {
                guard let key = purpose.key.preference else { continue }
                if rows[key.channel] == nil { order.append(key.channel) }
                let text = purpose.text(for: chain)
                rows[key.channel, default: []].append(
                    PurposeRow(
                        key: purpose.key.rawValue, inputID: "pc-\(key.channel.rawValue)-\(key.topic.rawValue)", name: text.name,
                        description: "", checked: form.granted.contains(purpose.key.rawValue), disabled: false, alwaysOn: nil))
            }
            return order.map { channel in
                ChannelGroup(
                    heading: words.channelName(channel.rawValue), rows: rows[channel] ?? [],
                    unsubscribeValue: "unsubscribe:\(channel.rawValue)",
                    unsubscribeLabel: "\(texts.button): \(words.channelName(channel.rawValue))")
            }
        }

        /// `2025-01-02T03:04:05Z: Analytics ✓, Marketing ✗ (v1, api)`: the choices by purpose key, named in the
        /// page's locale where the purpose is still offered.
        static func historyLine(_ event: ConsentEvent, names: [String: String]) -> String {
            let choices = event.choices.sorted { $0.key.rawValue < $1.key.rawValue }.map {
                "\(names[$0.key.rawValue] ?? $0.key.rawValue) \($0.value == .granted ? "✓" : "✗")"
            }
            return "\(event.recordedAt.rfc3339): \(choices.joined(separator: ", ")) (v\(event.policyVersion), \(event.source.rawValue))"
        }
    }
}
