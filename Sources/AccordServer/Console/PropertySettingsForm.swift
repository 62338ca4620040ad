import AccordCore

/// One page of a property's own settings as a console form (`/console/properties/{property}/{path}`): the form
/// as posted, read against the saved property. `ConsolePropertySettingsController` serves every such page the
/// same way: every role reads it, owners and editors save it through the audited `ConfigurationEditor` (validated
/// by the same `PropertyValidator` as the admin API) with its compare-and-swap, and a refusal comes back beside
/// its field with everything typed kept.
protocol PropertySettingsForm: Sendable {
    /// The page's last path segment (`notice`).
    static var path: String { get }
    /// The audit action a save is recorded under (`notice.update`).
    static var action: String { get }
    /// What the page says after a save.
    static var savedNotice: String { get }
    /// What the page says when another change was saved after the form was opened.
    static var conflictAlert: String { get }

    /// The form as posted, read over `property` (what the page showed, or newer).
    init(fields: [String: [String]], over property: Property)
    /// Values the form cannot read, by form field, found before saving; empty when the edit may go to the editor.
    var errors: [String: String] { get }
    /// Applies the form to the stored property.
    func apply(to property: inout Property)
    /// The form field a validator refusal (a JSON path such as `controller.name`) is about; nil for none of them.
    func field(of path: String) -> String?
    /// The page: `form` (nil shows the saved property) and the state around it.
    static func page(property: Property, form: Self?, state: PropertySettingsState) -> ConsolePage.Model
}

/// What a settings page shows besides the property and the form: who may edit, the token, the chrome, and the
/// outcome of the last post.
struct PropertySettingsState: Sendable {
    var canEdit: Bool
    var csrf: String
    var chrome: ConsolePage.Chrome
    var errors: [String: String] = [:]
    var notice: String? = nil
    var alert: String? = nil
}
