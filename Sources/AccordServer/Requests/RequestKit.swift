import AccordCore

/// The keys data-subject requests need, prepared at start: the subject pseudonymiser (a requester is the subject
/// their e-mail address names) and the server secret `request-code-key` the verification codes are hashed with.
public struct RequestKit: Sendable {
    let pseudonymizer: SubjectPseudonymizer
    let codeKey: [UInt8]
}
