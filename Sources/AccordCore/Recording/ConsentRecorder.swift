import Foundation

/// A consent choice once it is durably stored: the event, the subject's resulting state and the receipt.
public struct RecordedConsent: Sendable {
    /// The event as stored, with its sequence number and chain link; on a replay, the earlier event.
    public var stored: StoredEvent
    /// The subject's state right after that event.
    public var state: ConsentState
    /// The signed receipt: a compact JWS (EdDSA) of the event's claims, verifiable with `publicKeys`.
    public var receipt: String
    /// True when an earlier request with the same idempotency key is being answered again.
    public var replayed: Bool
}

/// Records consent: validates a submission against the property's policy, appends it through group commit
/// and signs a receipt. The only way events enter the log.
public final class ConsentRecorder: Sendable {
    /// The messages an event causes if it is recorded (`FollowUp`), decided from the event as built.
    public typealias FollowUps = @Sendable (ConsentEvent) async throws -> [OutboxEntry]

    private let store: any ConsentLog & ConfigurationStore & SubjectLinks
    private let committer: GroupCommitter
    private let pseudonymizer: SubjectPseudonymizer
    private let signer: ReceiptSigner
    private let issuer: String
    private let now: @Sendable () -> Date
    /// Where each subject's clear id is remembered on its first write; nil keeps no clear ids.
    private let directory: SubjectDirectory?
    /// Published policy versions never change, so they are cached for good once read.
    private let policies = ExpiringCache<PolicyVersion.Key, PolicyVersion>(lifetime: nil)
    /// True when the directory's vault is the log itself and group commit stores vault entries with the events.
    private let vaultInTransaction: Bool

    /// A recorder appending through group commit, at most `maximumBatch` events per transaction. `issuer` (the
    /// instance's public URL) becomes each receipt's `iss`; `now` dates events, so tests can pass a fixed clock.
    /// `commitObserver` hears of every batch committed (for metrics).
    public init(
        store: any ConsentLog & ConfigurationStore & SubjectLinks,
        pseudonymizer: SubjectPseudonymizer,
        signer: ReceiptSigner,
        issuer: String,
        maximumBatch: Int = 512,
        directory: SubjectDirectory? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        commitObserver: GroupCommitter.Observer? = nil
    ) {
        self.directory = directory
        self.store = store
        self.pseudonymizer = pseudonymizer
        self.signer = signer
        self.issuer = issuer
        self.now = now
        let committer = GroupCommitter(store: store, maximumBatch: maximumBatch, observer: commitObserver)
        self.committer = committer
        self.vaultInTransaction = committer.storesVaultEntries && directory?.isKept(by: store) == true
    }

    /// Validates, authorises and records one submission; a reused idempotency key answers the earlier event.
    /// Throws the `ConsentRequestError` of the field at fault (`idempotencyKeyReused` for a conflict) or the store's error.
    /// `form`, for a submission of a published form: the event is recorded with source `form`, names the form
    /// version, and takes the form's own expiries where it sets them. `followUps` gives, for the event as built,
    /// the messages (e-mails) it causes: written in its transaction if it is recorded anew, not on a replay.
    /// `origin` says where it came from beyond the source (an unsubscribe's way). `contact`, the contact points
    /// the write gives (`SubjectDirectory.prepareEmail`), is stored in the event's transaction before its
    /// follow-ups when the log is the vault (else just before the event); check `SubjectDirectory.holds(_:)` after.
    public func record(
        _ request: ConsentRequest, in property: Property, client: ClientContext, authentication: ConsentAuthentication,
        form: FormStamp? = nil, followUps: FollowUps? = nil, origin: EventOrigin? = nil,
        contact: SubjectDirectory.PreparedContact? = nil
    ) async throws -> RecordedConsent {
        // The store refuses a key erased by another instance that this one's erased set has not seen yet
        // (`ErasureScreen`): the key is marked erased and the write made again under the next generation's key.
        var attempt = 1
        while true {
            do {
                return try await recordOnce(
                    request, in: property, client: client, authentication: authentication, form: form, followUps: followUps,
                    origin: origin, contact: contact)
            } catch let erased as SubjectWasErased {
                guard attempt < 4, let set = pseudonymizer.erased else {
                    throw StoreError.unavailable("the subject was erased while this write was made; try again")
                }
                set.insert([erased.key], in: property.id)
                attempt += 1
            }
        }
    }

    private func recordOnce(
        _ request: ConsentRequest, in property: Property, client: ClientContext, authentication: ConsentAuthentication,
        form: FormStamp?, followUps: FollowUps?, origin: EventOrigin?, contact: SubjectDirectory.PreparedContact?
    ) async throws -> RecordedConsent {
        let subject = try ConsentEventBuilder.validateSubject(request.subject)
        try ConsentEventBuilder.authorizeSubject(subject, authentication)
        let policy = try await policy(request.policyVersion ?? property.currentPolicyVersion, of: property)
        let time = now()
        let key = pseudonymizer.key(for: subject, in: property.id)
        let recordedKey = try await resolvedKey(for: subject, in: property.id)
        var event = try ConsentEventBuilder.build(
            request, property: property, policy: policy, rule: property.rule(for: request.region),
            subject: recordedKey, client: client, authentication: authentication, id: .make(at: time), at: time)
        if let form { form.stamp(&event) }
        if let origin, !origin.isEmpty { event.origin = origin }
        // A subject is in the vault before anything that names it can be sent: in the event's own transaction
        // when the log is the vault, else just before. A visitor linked to a known subject is recorded under
        // that subject, whose clear id is not the visitor's.
        var vaultEntry: VaultEntry?
        if recordedKey == key, let directory {
            if vaultInTransaction {
                vaultEntry = try directory.entryToRemember(subject, as: key, in: property.id, at: time)
            } else {
                try await directory.remember(subject, as: key, in: property.id, at: time)
            }
        }
        // A contact prepared for another subject (a link made meanwhile) is not stored here: `holds` says so after.
        var contactWrite: ContactFollowUp?
        if let contact, let directory, contact.subject == event.subject, contact.property == property.id {
            if vaultInTransaction {
                contactWrite = contact.followUp(for: event.id)
                if let entry = contact.entry { vaultEntry = entry }
            } else {
                try await directory.store(contact)
            }
        }
        let result = try await committer.submit(
            event, vaultEntry: vaultEntry, followUps: try await followUps?(event) ?? [], contact: contactWrite)
        // Refused for an erased key: its vault entry was dropped too, so the directory must not think it kept.
        if case .subjectErased = result { throw SubjectWasErased(key: event.subject) }
        if let vaultEntry { directory?.remembered(vaultEntry) }
        switch result {
        case .recorded(let stored, let state):
            return RecordedConsent(stored: stored, state: state, receipt: try sign(stored), replayed: false)
        case .replayed(let stored, let state):
            return RecordedConsent(stored: stored, state: state, receipt: try sign(stored), replayed: true)
        case .idempotencyConflict:
            throw ConsentRequestError.idempotencyKeyReused
        case .subjectErased:
            throw SubjectWasErased(key: event.subject)
        case .stale:
            // Only notices (events with a kind) can be stale, and the builder makes choices.
            throw StoreError.corrupt("a choice was answered as a stale notice")
        }
    }

    /// Records a denial of `purposes`, or of every purpose that is not required when none are named.
    public func withdraw(
        subject: String, purposes: [String]?, in property: Property, source: ConsentSource = .api,
        idempotencyKey: String? = nil, client: ClientContext, authentication: ConsentAuthentication, followUps: FollowUps? = nil,
        origin: EventOrigin? = nil
    ) async throws -> RecordedConsent {
        let keys = (purposes?.isEmpty ?? true) ? property.activePurposes.filter { !$0.isRequired }.map(\.key.rawValue) : purposes!
        guard !keys.isEmpty else { throw ConsentRequestError.purposesInvalid }
        let request = ConsentRequest(
            subject: subject, choices: Dictionary(keys.map { ($0, ConsentChoice.denied.rawValue) }) { first, _ in first },
            source: source.rawValue, idempotencyKey: idempotencyKey)
        do {
            return try await record(
                request, in: property, client: client, authentication: authentication, followUps: followUps, origin: origin)
        } catch ConsentRequestError.purposeUnknown, ConsentRequestError.requiredPurposeDenied {
            throw ConsentRequestError.purposesInvalid
        }
    }

    /// The pseudonym of a clear subject identifier in a property, for reads.
    public func subjectKey(for subject: String, in property: PropertyID) -> SubjectKey {
        pseudonymizer.key(for: subject, in: property)
    }

    /// The pseudonyms of clear subject identifiers in a property, in order, for a batch read (`subjectKey` of each).
    public func subjectKeys(for subjects: [String], in property: PropertyID) -> [SubjectKey] {
        pseudonymizer.keys(for: subjects, in: property)
    }

    /// The key a subject's choices are recorded and read under: a visitor id linked to a known subject
    /// (`SubjectLinker`) stands for that subject; any other identifier for itself.
    public func resolvedKey(for subject: String, in property: PropertyID) async throws -> SubjectKey {
        let key = pseudonymizer.key(for: subject, in: property)
        guard KeylessPolicy.isVisitorID(subject) else { return key }
        return try await store.linkedSubject(of: key, in: property) ?? key
    }

    /// The receipt-verification key as a JWK set, what `/.well-known/jwks.json` serves.
    public var publicKeys: JSONWebKeySet { JSONWebKeySet(keys: [signer.publicKey]) }

    /// The receipt of a stored event, signed again: the same claims as the one its recording answered with,
    /// verifiable with the same keys (`accord receipt verify`), for support to hand over later.
    public func receipt(for stored: StoredEvent) throws -> String { try sign(stored) }

    private func sign(_ stored: StoredEvent) throws -> String {
        try signer.sign(ConsentReceipt(issuer: issuer, stored: stored))
    }

    private func policy(_ version: Int, of property: Property) async throws -> PolicyVersion {
        try await policies.value(for: PolicyVersion.Key(property.id, version)) {
            guard let policy = try await store.policyVersion(version, of: property.id) else {
                throw ConsentRequestError.policyVersionUnknown(version)
            }
            return policy
        }
    }
}

/// The store refused a write for `key`, erased by another instance (`AppendResult.subjectErased`).
struct SubjectWasErased: Error {
    let key: SubjectKey
}
