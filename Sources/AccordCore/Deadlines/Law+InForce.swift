/// When a law applies (issue 13 §3): a request runs under the law that was in force, and gave the right it
/// exercises, on the day it was received, on the property's calendar (`DeadlineCalendar.date(of:)`).
extension Law {
    /// Whether the law applies in `jurisdiction` to a request received on `day`: from `inForce(in:)` on.
    public func isInForce(on day: LocalDate, in jurisdiction: Jurisdiction) -> Bool { day >= inForce(in: jurisdiction) }

    /// The first day the law applies in `jurisdiction`: its own date in `inForceLaterIn` (the subdivision's, else its
    /// country's), else `inForce`.
    public func inForce(in jurisdiction: Jurisdiction) -> LocalDate {
        inForceLaterIn[jurisdiction.code] ?? inForceLaterIn[jurisdiction.country] ?? inForce
    }

    /// Whether a request of `type` from `jurisdiction` received on `day` is one this law gives a right to make: in
    /// force there that day, the type covered, and the type's own start date (`coversFrom`) reached.
    public func covers(_ type: RequestType, receivedOn day: LocalDate, in jurisdiction: Jurisdiction) -> Bool {
        guard isInForce(on: day, in: jurisdiction), covers.contains(type) else { return false }
        guard let from = coversFrom[type] else { return true }
        return day >= from
    }
}

extension LawTable {
    /// The law for a request from `jurisdiction` received on `day`: the jurisdiction's law (`law(for:)`) when it is in
    /// force that day, else nil, as for a jurisdiction with no law (`US-WA`, `JP`). A subdivision with its own row
    /// never falls back to its country's law before that row applies (Québec's private sector is not PIPEDA's).
    public static func law(for jurisdiction: Jurisdiction, on day: LocalDate) -> Law? {
        guard let law = law(for: jurisdiction), law.isInForce(on: day, in: jurisdiction) else { return nil }
        return law
    }

    /// The law a new request of `type` runs under: the dated law when it covers the type on that day, else nil (no
    /// clock, `law` null: what an uncovered type has always got).
    public static func law(for jurisdiction: Jurisdiction, type: RequestType, receivedOn day: LocalDate) -> Law? {
        guard let law = law(for: jurisdiction, on: day), law.covers(type, receivedOn: day, in: jurisdiction) else { return nil }
        return law
    }
}
