import Foundation

/// A `consent_events` row exactly as stored: the one place its columns are named (`CodingKeys`), read and
/// written by every durable store and carried by the export.
///
/// Values are in their stored form: the subject key as its 32 bytes, choices and expiries as the JSON texts of
/// `ConsentEventEncoding` (the texts the chain hashes), times as integer milliseconds, authentication as its text.
/// `stored()` turns a row back into the domain and throws `StoreError.corrupt` for any value it cannot represent,
/// so a row edited by hand is reported, never trapped on.
public struct EventRecord: FlatRecord, Hashable {
    public static let table = "consent_events"
    public static let columns = CodingKeys.allCases.map(\.rawValue)

    /// The store-wide sequence number; nil on a row not yet inserted (the database assigns it).
    public var seq: Int64?
    public var id: String
    public var propertyID: String
    public var subjectKey: Data
    public var choices: String
    public var expiresAt: String
    public var regime: String
    public var region: String?
    public var locale: String?
    public var policyVersion: Int
    public var policyHash: String
    public var source: String
    public var gpc: Bool
    public var tcString: String?
    public var gppString: String?
    public var ipPrefix: String?
    public var userAgent: String?
    public var clientTime: Int64?
    public var recordedAt: Int64
    public var idempotencyKey: String?
    /// NULL on events recorded before Accord stored how the caller authenticated.
    public var authenticatedBy: String?
    public var chainID: String
    public var chainPosition: Int64
    public var prevHash: String
    public var hash: String

    /// The columns, in the order of the first migration (then the ones added later).
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case seq, id
        case propertyID = "property_id"
        case subjectKey = "subject_key"
        case choices
        case expiresAt = "expires_at"
        case regime, region, locale
        case policyVersion = "policy_version"
        case policyHash = "policy_hash"
        case source, gpc
        case tcString = "tc_string"
        case gppString = "gpp_string"
        case ipPrefix = "ip_prefix"
        case userAgent = "user_agent"
        case clientTime = "client_time"
        case recordedAt = "recorded_at"
        case idempotencyKey = "idempotency_key"
        case authenticatedBy = "authenticated_by"
        case chainID = "chain_id"
        case chainPosition = "chain_position"
        case prevHash = "prev_hash"
        case hash
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
        chainID = link.chain
        chainPosition = link.position
        prevHash = link.previousHash
        hash = link.hash
    }

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
            })
        let link = ChainLink(chain: chainID, position: chainPosition, previousHash: prevHash, hash: hash)
        return StoredEvent(event: event, sequence: seq ?? 0, link: link)
    }
}
