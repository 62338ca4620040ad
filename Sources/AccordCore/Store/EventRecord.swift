import Foundation

/// A `consent_events` row exactly as stored: the one place its columns are named (`CodingKeys`), read and
/// written by every durable store and carried by the export.
///
/// Values are in their stored form: the subject key as its 32 bytes, choices and expiries as the JSON texts of
/// `ConsentEventEncoding` (the texts the chain hashes), times as integer milliseconds, authentication as its text.
/// `stored()` turns a row back into the domain and throws `StoreError.corrupt` for any value it cannot represent,
/// so a row edited by hand is reported, never trapped on.
public struct EventRecord: FlatRecord, Hashable {
    /// The table the durable stores keep the consent log in.
    public static let table = "consent_events"
    /// `CodingKeys` raw values in column order, computed once: the append path reads them for every row.
    public static let columns = CodingKeys.allCases.map(\.rawValue)

    /// The store-wide sequence number; nil on a row not yet inserted (the database assigns it).
    public var seq: Int64?
    /// The event's UUIDv7 as text; unique in the table.
    public var id: String
    /// The property's id as text.
    public var propertyID: String
    /// The subject's keyed hash: exactly 32 bytes.
    public var subjectKey: Data
    /// `ConsentEventEncoding.choicesText`: a JSON object of purpose key to `granted` or `denied`, keys sorted.
    public var choices: String
    /// `ConsentEventEncoding.expiriesText`: a JSON object of purpose key to expiry in milliseconds, keys sorted.
    public var expiresAt: String
    /// The `Regime` raw value (`optIn`, `optOut`, `noticeOnly`) of the region rule in force.
    public var regime: String
    /// The ISO 3166 region the request named, as given.
    public var region: String?
    /// The BCP 47 language tag the request named.
    public var locale: String?
    /// The number of the policy version shown; with `propertyID` it references a published version.
    public var policyVersion: Int
    /// The content hash of that policy version's texts.
    public var policyHash: String
    /// The `ConsentSource` raw value (`banner`, `preferenceCenter`, `api`, `import`, `gpc`).
    public var source: String
    /// Whether the request reported a Global Privacy Control signal.
    public var gpc: Bool
    /// The TC string as sent, once decoded and validated.
    public var tcString: String?
    /// The GPP string as sent, once decoded and validated.
    public var gppString: String?
    /// The client's network (/24 or /48), never the full address.
    public var ipPrefix: String?
    /// The browser family and major version only.
    public var userAgent: String?
    /// The time the client claims, in milliseconds since 1970; its clock, not ours.
    public var clientTime: Int64?
    /// When Accord recorded the event, in milliseconds since 1970.
    public var recordedAt: Int64
    /// The caller's idempotency key; unique within the property.
    public var idempotencyKey: String?
    /// NULL on events recorded before Accord stored how the caller authenticated.
    public var authenticatedBy: String?
    /// The `EventKind` raw value of an event Accord recorded itself (`expiring`, `expired`); NULL for a choice.
    public var kind: String?
    /// On a `linked` event, the linked visitor's keyed hash: 32 bytes; NULL otherwise.
    public var linkedSubject: Data?
    /// On an event recorded through a form, `FormReference.text`; NULL otherwise.
    public var formRef: String?
    /// `EventOrigin.text` (a JSON object) on an imported or unsubscribe event; NULL otherwise.
    public var origin: String?
    /// The chain the event is linked into: `<property>/<shard>`.
    public var chainID: String
    /// The event's 1-based position in that chain; unique with `chainID`.
    public var chainPosition: Int64
    /// Hex SHA-256 of the previous link (the chain's genesis hash at position 1).
    public var prevHash: String
    /// Hex SHA-256 over `prevHash` and the event's canonical bytes.
    public var hash: String

    /// The columns, in the order of the first migration (then the ones added later).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        /// `seq` is the primary key the database assigns; `id` the event's own, unique.
        case seq, id
        /// Text referencing `properties(id)`.
        case propertyID = "property_id"
        /// 32 bytes.
        case subjectKey = "subject_key"
        /// JSON text, checked as valid JSON by the schema.
        case choices
        /// JSON text, checked as valid JSON by the schema.
        case expiresAt = "expires_at"
        /// `regime` is limited to the three `Regime` values; `region` and `locale` are nullable text.
        case regime, region, locale
        /// With `property_id`, references the published policy version.
        case policyVersion = "policy_version"
        /// Text, not null.
        case policyHash = "policy_hash"
        /// `source` is limited to the `ConsentSource` values; `gpc` is a boolean (0 or 1 in SQLite).
        case source, gpc
        /// Nullable text.
        case tcString = "tc_string"
        /// Nullable text.
        case gppString = "gpp_string"
        /// Nullable text.
        case ipPrefix = "ip_prefix"
        /// Nullable text.
        case userAgent = "user_agent"
        /// Nullable integer milliseconds.
        case clientTime = "client_time"
        /// Integer milliseconds, not null.
        case recordedAt = "recorded_at"
        /// Nullable text, unique with `property_id`.
        case idempotencyKey = "idempotency_key"
        /// Nullable text (`link`, `key <prefix>` or `keyless <origin>`), added by a later migration.
        case authenticatedBy = "authenticated_by"
        /// Nullable text limited to the `EventKind` values, added by a later migration.
        case kind
        /// Nullable, 32 bytes, added by a later migration.
        case linkedSubject = "linked_subject"
        /// Text, unique with `chain_position`.
        case chainID = "chain_id"
        /// Integer, greater than 0.
        case chainPosition = "chain_position"
        /// Hex text.
        case prevHash = "prev_hash"
        /// Hex text.
        case hash
        /// Nullable text (`<form>/<version>/<hash>`), added by a later migration.
        case formRef = "form_ref"
        /// Nullable JSON text (`EventOrigin.text`), added by a later migration.
        case origin
    }

    /// The row for `event` at `link`; `sequence` only for an event already stored.
    public init(_ event: ConsentEvent, link: ChainLink, sequence: Int64? = nil) {
        seq = sequence
        id = event.id.rawValue
        propertyID = event.property.rawValue
        subjectKey = Data(event.subject.bytes)
        choices = ConsentEventEncoding.choicesText(event.choices)
        expiresAt = ConsentEventEncoding.expiriesText(event.expiresAt)
        regime = event.regime.rawValue
        region = event.region
        locale = event.locale
        policyVersion = event.policyVersion
        policyHash = event.policyHash
        source = event.source.rawValue
        gpc = event.gpc
        tcString = event.tcString
        gppString = event.gppString
        ipPrefix = event.ipPrefix
        userAgent = event.userAgent
        clientTime = event.clientTime?.millisecondsSince1970
        recordedAt = event.recordedAt.millisecondsSince1970
        idempotencyKey = event.idempotencyKey
        authenticatedBy = event.authentication?.text
        kind = event.kind?.rawValue
        linkedSubject = event.linkedSubject.map { Data($0.bytes) }
        formRef = event.form?.text
        origin = event.origin?.text
        chainID = link.chain
        chainPosition = link.position
        prevHash = link.previousHash
        hash = link.hash
    }

    /// The row for an event already stored, with its sequence number and link.
    public init(_ stored: StoredEvent) {
        self.init(stored.event, link: stored.link, sequence: stored.sequence)
    }

    /// The stored event (sequence 0 when the row has none yet); `StoreError.corrupt("consent_events.<column> ...")`
    /// names the first column whose value the domain cannot represent.
    public func stored() throws -> StoredEvent {
        do {
            return try decoded()
        } catch {
            throw StoreError.corrupt("\(Self.table).\(error.column.rawValue) is not valid")
        }
    }

    /// A column whose value the domain cannot represent.
    struct InvalidColumn: Error {
        var column: CodingKeys
    }

    /// `stored()` with the failing column as a value, for callers that name it in their own terms (the export).
    func decoded() throws(InvalidColumn) -> StoredEvent {
        func valid<T>(_ value: T?, _ column: CodingKeys) throws(InvalidColumn) -> T {
            guard let value else { throw InvalidColumn(column: column) }
            return value
        }
        let event = ConsentEvent(
            id: EventID(rawValue: id),
            property: PropertyID(rawValue: propertyID),
            subject: try valid(SubjectKey(bytes: Array(subjectKey)), .subjectKey),
            choices: try valid(try? ConsentEventEncoding.choices(from: choices), .choices),
            expiresAt: try valid(try? ConsentEventEncoding.expiries(from: expiresAt), .expiresAt),
            regime: try valid(Regime(rawValue: regime), .regime),
            region: region,
            locale: locale,
            policyVersion: policyVersion,
            policyHash: policyHash,
            source: try valid(ConsentSource(rawValue: source), .source),
            gpc: gpc,
            tcString: tcString,
            gppString: gppString,
            ipPrefix: ipPrefix,
            userAgent: userAgent,
            clientTime: clientTime.map(Date.init(millisecondsSince1970:)),
            recordedAt: Date(millisecondsSince1970: recordedAt),
            idempotencyKey: idempotencyKey,
            authentication: try authenticatedBy.map { text throws(InvalidColumn) in
                try valid(ConsentAuthentication(text: text), .authenticatedBy)
            },
            kind: try kind.map { text throws(InvalidColumn) in try valid(EventKind(rawValue: text), .kind) },
            linkedSubject: try linkedSubject.map { bytes throws(InvalidColumn) in
                try valid(SubjectKey(bytes: Array(bytes)), .linkedSubject)
            },
            form: try formRef.map { text throws(InvalidColumn) in try valid(FormReference(text: text), .formRef) },
            origin: try origin.map { text throws(InvalidColumn) in try valid(EventOrigin(text: text), .origin) })
        let link = ChainLink(chain: chainID, position: chainPosition, previousHash: prevHash, hash: hash)
        return StoredEvent(event: event, sequence: seq ?? 0, link: link)
    }
}
