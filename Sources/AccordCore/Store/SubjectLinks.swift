/// Which browsers are linked to which known subjects (cross-device identity): the view the `linked` events
/// leave, written by the append planner (`AppendPlan.links`) in their transaction.
public protocol SubjectLinks: Sendable {
    /// The subject `visitor` is linked to in `property`, if any: its choices are recorded, and its state read, as
    /// that subject's.
    func linkedSubject(of visitor: SubjectKey, in property: PropertyID) async throws -> SubjectKey?
    /// The visitors linked to `subject` in `property`, sorted by key bytes.
    func linkedVisitors(of subject: SubjectKey, in property: PropertyID) async throws -> [SubjectKey]
}
