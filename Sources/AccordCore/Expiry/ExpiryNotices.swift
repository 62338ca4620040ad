import Foundation

/// When a granted choice is due a notice, and the notice event itself: the rules the expiry sweeper follows.
///
/// A choice gets at most one `expiring` notice (once `now` is within its notice window) and one `expired`
/// notice (once its expiry has passed), for each expiry instant; the append planner enforces "at most once"
/// (`PurposeState.noticed`), and the idempotency key, derived from what the notice is about, makes two
/// instances that sweep the same row append one event. A sweep that first sees a row after its expiry records
/// only `expired`: a warning about what has already happened would tell no one anything.
public enum ExpiryNotices {
    /// The notice `state` is due at `now` with a notice window of `noticeDays`, or nil.
    public static func due(_ state: PurposeState, noticeDays: Int, at now: Date) -> EventKind? {
        guard state.choice == .granted, let expiresAt = state.expiresAt else { return nil }
        let recorded = state.notice?.stage ?? 0
        if now >= expiresAt { return recorded < EventKind.expired.stage ? .expired : nil }
        let windowStart = expiresAt.addingTimeInterval(-Double(noticeDays) * 86_400)
        return recorded < EventKind.expiring.stage && now >= windowStart ? .expiring : nil
    }

    /// The `kind` notice for `candidate`, recorded at `now`: source `expiry`, no choices, the expiry it is about
    /// as its only expiry, and the regime, region and policy of the choice.
    public static func event(_ kind: EventKind, for candidate: ExpiryCandidate, id: EventID, at now: Date) -> ConsentEvent {
        let row = candidate.row
        let instant = row.state.expiresAt ?? now
        return ConsentEvent(
            id: id, property: row.property, subject: row.subject, choices: [:], expiresAt: [row.purpose: instant],
            regime: candidate.regime, region: candidate.region, policyVersion: row.state.policyVersion,
            policyHash: candidate.policyHash, source: .expiry,
            recordedAt: Date(millisecondsSince1970: now.millisecondsSince1970),
            idempotencyKey: idempotencyKey(kind, subject: row.subject, purpose: row.purpose, expiresAt: instant),
            kind: kind)
    }

    /// `expiry:<kind>:<purpose>:<expiry in ms>:<subject key hex>`, unique within the property: the same notice
    /// about the same expiry of the same choice always has the same key. At most 160 characters (purpose keys
    /// are at most 64), within the 255 an idempotency key may have.
    public static func idempotencyKey(_ kind: EventKind, subject: SubjectKey, purpose: PurposeKey, expiresAt: Date)
        -> String
    {
        "expiry:\(kind.rawValue):\(purpose.rawValue):\(expiresAt.millisecondsSince1970):\(subject.hex)"
    }

    /// How far ahead a sweep must read for `properties`: the longest notice window of any purpose.
    public static func horizon(for properties: [Property], at now: Date) -> Date {
        let days =
            properties.flatMap { property in
                [property.expiryNoticeDays] + property.purposes.compactMap(\.expiryNoticeDays)
            }.max() ?? 0
        return now.addingTimeInterval(Double(days) * 86_400)
    }
}
