import Foundation

/// What a form submission adds to the consent event the recorder builds: source `form`, the form version, and
/// the form's own expiries for the choices it grants.
public struct FormStamp: Hashable, Sendable {
    /// The form version submitted.
    public var reference: FormReference
    /// Expiry by consent key, from the form's `expiry`; other choices keep the purpose lifetime.
    public var expiries: [String: Date]

    /// A stamp for `version` with `expiries`.
    public init(reference: FormReference, expiries: [String: Date]) {
        self.reference = reference
        self.expiries = expiries
    }

    /// Marks `event` as recorded through the form.
    public func stamp(_ event: inout ConsentEvent) {
        event.source = .form
        event.form = reference
        for (key, date) in expiries where event.choices[PurposeKey(rawValue: key)] == .granted {
            event.expiresAt[PurposeKey(rawValue: key)] = date.truncatedToMilliseconds
        }
    }
}
