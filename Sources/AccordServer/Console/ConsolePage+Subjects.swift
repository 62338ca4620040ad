import AccordCore
import Foundation

extension ConsolePage.Model {
    /// The subject look-up: the form, and after a look-up the subject's current choice per purpose and history.
    static func subjectsPage(
        properties: [Property], selected: PropertyID?, csrf: String, chrome: ConsolePage.Chrome, subject: String = "",
        subjectError: String? = nil, state: ConsentState? = nil, events: [ConsentEvent]? = nil, property: Property? = nil,
        now: Date
    ) -> Self {
        var model = Self(title: "Subjects", chrome: chrome)
        let purposes = property?.purposes ?? []
        func name(_ key: PurposeKey) -> String { purposes.first { $0.key == key }?.name ?? key.rawValue }
        model.subjects = ConsolePage.Subjects(
            csrf: csrf,
            properties: properties.map { .init(id: $0.id.rawValue, name: $0.name, selected: $0.id == selected) },
            propertyID: selected?.rawValue ?? "", subjectValue: subject, subjectError: subjectError, found: events.map { !$0.isEmpty } ?? false,
            nothingFound: events?.isEmpty ?? false,
            states: purposes.compactMap { purpose in
                guard let recorded = state?.purposes[purpose.key] else { return nil }
                return .init(
                    purpose: purpose.name, status: recorded.status(at: now).rawValue, since: recorded.since.rfc3339,
                    version: String(recorded.policyVersion))
            },
            events: (events ?? []).map { event in
                .init(
                    time: event.recordedAt.rfc3339, source: event.source.rawValue,
                    choices: event.choices.sorted { $0.key < $1.key }.map { "\(name($0.key)): \($0.value.rawValue)" }
                        .joined(separator: ", "),
                    version: String(event.policyVersion), id: event.id.rawValue)
            })
        return model
    }
}
