import Foundation

/// What a form submission adds to the consent event the recorder builds: source `form`, the form version, and
/// the form's own expiries for the choices it grants.
public struct FormStamp: Hashable, Sendable {
    /// The form version submitted.
    public var reference: FormReference
    /// The form's `expiry` by consent key, counted from the event's time; other choices keep the purpose lifetime.
    public var expiries: [String: FormExpiry]

    /// A stamp for `version` with `expiries`.
    public init(reference: FormReference, expiries: [String: FormExpiry]) {
        self.reference = reference
        self.expiries = expiries
    }

    /// Marks `event` as recorded through the form.
    public func stamp(_ event: inout ConsentEvent) {
        event.source = .form
        event.form = reference
        for (key, spec) in expiries where event.choices[PurposeKey(rawValue: key)] == .granted {
            if let date = FormRules.expiry(spec, from: event.recordedAt) {
                event.expiresAt[PurposeKey(rawValue: key)] = date.truncatedToMilliseconds
            }
        }
    }
}
