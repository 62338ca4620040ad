import Foundation

/// Whether a purpose may be used for a subject right now: the answer CRMs and tags obey.
public enum ConsentDecision {
    /// Required purposes are always allowed; a granted, unexpired choice allows; denied or expired never does;
    /// with no choice at all the property's regime default applies (opt-out regimes allow until an opt-out),
    /// except for communication preferences (`email.newsletter`), which only a recorded subscription allows.
    public static func isAllowed(_ purpose: Purpose, state: PurposeState?, regime: Regime, at now: Date) -> Bool {
        if purpose.isRequired { return true }
        guard let state else { return !purpose.isPreference && regime.defaultChoice(for: purpose) == .granted }
        return state.status(at: now) == .granted
    }
}
