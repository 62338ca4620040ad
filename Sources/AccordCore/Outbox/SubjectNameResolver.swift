/// Gives the subject id as the integrator sent it, for a pseudonymised subject, when it is known: the subject
/// vault implements it. Messages are stored with the pseudonym only, and resolved at delivery, so a subject
/// whose data key was destroyed is never sent by name.
public protocol SubjectNameResolver: Sendable {
    /// The clear subject id of `subject` in `property`, or nil when it is not known (or was erased).
    func clearSubject(_ subject: SubjectKey, in property: PropertyID) async throws -> String?
}

/// The resolver before there is a vault: no clear id is known, so every message names its subject by null.
public struct NoSubjectNames: SubjectNameResolver {
    /// The resolver that knows no names.
    public init() {}
    /// Always nil.
    public func clearSubject(_ subject: SubjectKey, in property: PropertyID) async throws -> String? { nil }
}
