/// What an event is, when it is not a person's plain choice: a notice Accord records about a choice already made,
/// or the merge of a browser's choices into a known subject's when the two are linked.
///
/// Stored (`consent_events.kind`) and hashed into the chain; an event without a kind records choices.
public enum EventKind: String, Hashable, Sendable, Codable, CaseIterable {
    /// A granted choice expires within its notice window (`Property.expiryNoticeDays(for:)`): time to ask again.
    case expiring
    /// A granted choice has passed its expiry and no longer counts.
    case expired
    /// A browser's visitor id was linked to the event's subject (`ConsentEvent.linkedSubject` names it); the
    /// choices are what the subject took from it by `SubjectMerge`, folded like any choice.
    case linked

    /// Whether this is an expiry notice, which changes no choice.
    public var isNotice: Bool { self != .linked }

    /// The order notices come in for one expiry instant: a notice is only recorded after the ones before it.
    var stage: Int {
        switch self {
        case .expiring: 1
        case .expired: 2
        case .linked: 0
        }
    }
}
