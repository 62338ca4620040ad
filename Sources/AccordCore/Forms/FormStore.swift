import Foundation

/// Forms: drafts, edited freely, and published versions, which never change (`FormVersion`).
public protocol FormStore: Sendable {
    /// Saves (creates or replaces) a form's draft. Throws `StoreError.propertyNotFound` for an unknown property.
    func saveFormDraft(_ draft: StoredFormDraft) async throws
    /// The form's draft, nil when none was saved.
    func formDraft(_ form: String, of property: PropertyID) async throws -> StoredFormDraft?
    /// Stores a published version. A number already published throws `FormStoreError.versionExists`: two
    /// publishers racing get one version each, never one overwriting the other.
    func saveFormVersion(_ version: FormVersion) async throws
    /// A published version, nil when that number was never published.
    func formVersion(_ version: Int, of form: String, in property: PropertyID) async throws -> FormVersion?
    /// The newest published version of the form, nil when none is.
    func latestFormVersion(of form: String, in property: PropertyID) async throws -> FormVersion?
    /// Every form of the property with a draft or a published version, by key.
    func forms(of property: PropertyID) async throws -> [FormSummary]
}

/// Failures particular to forms.
public enum FormStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The form already has a published version with this number.
    case versionExists(PropertyID, String, Int)

    /// A one-line message naming ids only.
    public var description: String {
        switch self {
        case .versionExists(let property, let form, let version): "version \(version) of form \(form) of \(property) already exists"
        }
    }
}

/// The evidence of a signed form submission: the typed names, the attestation, the field answers, the time and
/// the form version's hash. The personal parts are sealed under the subject's own data key (`SubjectDirectory`),
/// so shredding the subject makes them unreadable; the IP address is never part of it.
public struct FormEvidence: Hashable, Sendable {
    /// The property.
    public var property: PropertyID
    /// The consent event the submission recorded.
    public var event: EventID
    /// The subject's pseudonymous key.
    public var subject: SubjectKey
    /// The form version signed.
    public var form: FormReference
    /// When it was signed (the event's time).
    public var signedAt: Date
    /// `FormEvidence.Contents` as JSON, sealed under the subject's data key.
    public var sealed: [UInt8]

    /// Evidence from its parts.
    public init(property: PropertyID, event: EventID, subject: SubjectKey, form: FormReference, signedAt: Date, sealed: [UInt8]) {
        self.property = property
        self.event = event
        self.subject = subject
        self.form = form
        self.signedAt = signedAt.truncatedToMilliseconds
        self.sealed = sealed
    }

    /// What is sealed.
    public struct Contents: Hashable, Sendable, Codable {
        /// The typed full name per signature item.
        public var signatures: [String: String]
        /// Whether every attestation was ticked (a submission is refused otherwise, so always true when stored).
        public var attested: Bool
        /// The field answers by item key.
        public var fields: [String: String]
        /// The form version's content hash, repeated inside the seal so the evidence stands on its own.
        public var formHash: String
        /// The locale the form was shown in.
        public var locale: String?
        /// The address the person gave for a copy of what they submitted; kept here, sealed, so the outbox
        /// never holds it (the copy's delivery opens it).
        public var email: String?
        /// For a revocation: how and when it was received in writing.
        public var revocation: FormRevocation?
        /// For a submission a parent or guardian confirmed: their typed name and when they confirmed.
        public var guardian: FormGuardianConfirmation?

        /// Contents from their parts.
        public init(
            signatures: [String: String], attested: Bool, fields: [String: String], formHash: String, locale: String?,
            email: String? = nil, revocation: FormRevocation? = nil, guardian: FormGuardianConfirmation? = nil
        ) {
            self.signatures = signatures
            self.attested = attested
            self.fields = fields
            self.formHash = formHash
            self.locale = locale
            self.email = email
            self.revocation = revocation
            self.guardian = guardian
        }
    }
}

/// Where signature evidence is kept, one record per event.
public protocol FormEvidenceStore: Sendable {
    /// Stores evidence; a second record for the same event is ignored (a replayed submission).
    func saveFormEvidence(_ evidence: FormEvidence) async throws
    /// The evidence of an event, nil when it has none.
    func formEvidence(of event: EventID, in property: PropertyID) async throws -> FormEvidence?
}
