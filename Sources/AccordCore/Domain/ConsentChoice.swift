/// What a person said about one purpose.
public enum ConsentChoice: String, Hashable, Sendable, Codable, CaseIterable {
    /// The person allowed processing for the purpose.
    case granted
    /// The person refused the purpose, or withdrew an earlier grant.
    case denied
}

/// Where a consent event came from.
public enum ConsentSource: String, Hashable, Sendable, Codable, CaseIterable {
    /// The SDK's banner on one of the property's pages.
    case banner
    /// Accord's hosted preference center, opened by a visitor or from a preference link.
    case preferenceCenter
    /// A server holding an API key, recording on the person's behalf (a CRM or a sign-up form, say).
    case api
    /// Brought over by a key holder from another system, such as the records of an earlier CMP.
    case `import`
    /// Recorded automatically because the browser sent a Global Privacy Control signal.
    case gpc
    /// Recorded by Accord itself when a choice's expiry draws near or passes (`EventKind.expiring`, `.expired`).
    case expiry
    /// Recorded by Accord when a browser is linked to a known subject (`EventKind.linked`).
    case link
    /// Submitted through a published form (`POST .../forms/{form}/submissions` or the hosted form page); the event
    /// names the form version in `ConsentEvent.form`.
    case form

    /// Whether a caller may name the source when recording a choice; `expiry`, `link` and `form` are Accord's own
    /// (a form's events come only through its submissions).
    public var isRecordable: Bool { self != .expiry && self != .link && self != .form }
}
