import AccordCore

/// The hosted preference center at `/p/{property}/preferences`. Without JavaScript it is a plain form; with it,
/// the SDK renders the visitor's current choices from its cookie into `#accord-preferences` (one toggle per
/// purpose, save and withdraw-all) and their history into `#accord-history`.
///
/// Opened from a preference link, the page is for a known subject instead: the choices stored under their
/// identifier, their recent history rendered here, and no SDK (which would act for the anonymous browser).
/// `Model.make` turns a `Form` into what the page shows; `View` renders it with web/templates/preferences.mustache.
enum PreferencesPage {
    /// Who the form speaks for: the browser's anonymous visitor id, or a known subject's sealed link.
    enum Holder: Hashable, Sendable {
        case visitor(String)
        case link(String)
    }

    /// What the controller knows about the form it serves.
    struct Form: Hashable, Sendable {
        var holder: Holder
        var token: String
        /// The purposes shown as allowed.
        var granted: Set<String>
        var saved: Bool
        /// For a known subject: their recent events, newest first.
        var history: [ConsentEvent] = []
        /// For a known subject: the communication preferences offered (`channel.topic`), with the granted ones.
        var preferences: [Purpose] = []
    }
}
