import Foundation

extension ConsolePage {
    /// A form of labelled fields in groups (a property's settings, a purpose): each field says what kind of control
    /// it is, keeps what was typed, and carries its message beside it (`aria-describedby`) when refused. Read-only
    /// (inputs `readonly`, boxes `disabled`, no submit) for roles that may not configure.
    struct SettingsForm: Sendable {
        struct Option: Sendable {
            var value: String
            var label: String
            var selected: Bool
        }
        /// A field; its kind and the ids it is described by are stored, as the templates read stored values only.
        struct Field: Sendable {
            /// The control's id, unique on the page.
            var id: String
            /// The posted name.
            var name: String
            var label: String
            var hint: String?
            var value: String
            var error: String?
            /// `text`, `url`, `email`, `number`: the input's type when the field is neither of the kinds below.
            var type: String
            var isTextarea: Bool
            var isCheckbox: Bool
            var checked: Bool
            /// A `select` with these options when not empty.
            var options: [Option] {
                didSet { classify() }
            }
            var isSelect = false
            var isInput = false
            var autocomplete: String?
            /// The id of the hint and of the error, as `aria-describedby` names them.
            var describedBy: String?

            init(
                id: String, name: String, label: String, hint: String? = nil, value: String, error: String? = nil, type: String = "text",
                isTextarea: Bool = false, isCheckbox: Bool = false, checked: Bool = false, options: [Option] = [],
                autocomplete: String? = nil
            ) {
                self.id = id
                self.name = name
                self.label = label
                self.hint = hint
                self.value = value
                self.error = error
                self.type = type
                self.isTextarea = isTextarea
                self.isCheckbox = isCheckbox
                self.checked = checked
                self.options = options
                self.autocomplete = autocomplete
                classify()
                let ids = [hint.map { _ in "\(id)-hint" }, error.map { _ in "\(id)-error" }].compactMap { $0 }
                describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
            }

            private mutating func classify() {
                isSelect = !options.isEmpty
                isInput = !isTextarea && !isCheckbox && options.isEmpty
            }
        }
        struct Group: Sendable {
            var legend: String
            var fields: [Field]
        }
        /// A second form on the page (retire, reinstate): one button posting the token and the tag.
        struct Action: Sendable {
            var action: String
            var label: String
            var explanation: String
        }
        var csrf: String
        var etag: String
        var action: String
        var canEdit: Bool
        var backHref: String
        var introduction: String
        var groups: [Group]
        var submitLabel: String
        var actions: [Action] = []
    }
}
