import Foundation

/// A `consent_state` row exactly as stored: the subject key as its bytes, times as integer milliseconds.
public struct StateRecord: FlatRecord, Hashable {
    /// The table holding the current-state view.
    public static let table = "consent_state"
    /// `CodingKeys` raw values in column order, computed once.
    public static let columns = CodingKeys.allCases.map(\.rawValue)

    /// The property's id as text.
    public var propertyID: String
    /// The subject's keyed hash: 32 bytes.
    public var subjectKey: Data
    /// The purpose's key as text.
    public var purposeKey: String
    /// `granted` or `denied`.
    public var choice: String
    /// When the event that set the choice was recorded, in milliseconds since 1970.
    public var since: Int64
    /// When the choice stops counting, in milliseconds since 1970; NULL when it never expires.
    public var expiresAt: Int64?
    /// The policy version the choice was made under.
    public var policyVersion: Int
    /// The id of the event that set this state; references `consent_events(id)`.
    public var eventID: String
    /// The last expiry notice recorded for this choice's expiry (`expiring`, `expired`); NULL when none yet.
    public var expiryNotice: String?

    /// The columns, in table order; the raw values are the column names.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        /// Part of the primary key.
        case propertyID = "property_id"
        /// Part of the primary key.
        case subjectKey = "subject_key"
        /// Part of the primary key.
        case purposeKey = "purpose_key"
        /// `choice` is limited to `granted` and `denied`; `since` is integer milliseconds.
        case choice, since
        /// Nullable integer milliseconds.
        case expiresAt = "expires_at"
        /// Integer, not null.
        case policyVersion = "policy_version"
        /// Text referencing `consent_events(id)`.
        case eventID = "event_id"
        /// Nullable text limited to the `EventKind` notice values, added by a later migration.
        case expiryNotice = "expiry_notice"
    }

    /// The primary key: one row per (property, subject, purpose).
    public static let key: [CodingKeys] = [.propertyID, .subjectKey, .purposeKey]

    /// The stored form of a state row.
    public init(_ row: StateRow) {
        propertyID = row.property.rawValue
        subjectKey = Data(row.subject.bytes)
        purposeKey = row.purpose.rawValue
        choice = row.state.choice.rawValue
        since = row.state.since.millisecondsSince1970
        expiresAt = row.state.expiresAt?.millisecondsSince1970
        policyVersion = row.state.policyVersion
        eventID = row.state.eventID.rawValue
        expiryNotice = row.state.notice?.rawValue
    }

    /// Reads the cells directly rather than through the synthesized `init(from:)`: every check reads state rows.
    public init(decoding row: some RecordRow) throws {
        let cells = RecordCells(row, keys: CodingKeys.self)
        propertyID = try cells.string(.propertyID)
        subjectKey = try cells.data(.subjectKey)
        purposeKey = try cells.string(.purposeKey)
        choice = try cells.string(.choice)
        since = try cells.int64(.since)
        expiresAt = try cells.optionalInt64(.expiresAt)
        policyVersion = try cells.int(.policyVersion)
        eventID = try cells.string(.eventID)
        expiryNotice = try cells.optionalString(.expiryNotice)
    }

    /// The state row; `StoreError.corrupt("consent_state.<column> ...")` for a value the domain cannot represent.
    public func row() throws -> StateRow {
        guard let subject = SubjectKey(bytes: Array(subjectKey)) else { throw Self.invalid(.subjectKey) }
        guard let choice = ConsentChoice(rawValue: choice) else { throw Self.invalid(.choice) }
        let notice = try expiryNotice.map { text in
            guard let kind = EventKind(rawValue: text) else { throw Self.invalid(.expiryNotice) }
            return kind
        }
        return StateRow(
            property: PropertyID(rawValue: propertyID), subject: subject, purpose: PurposeKey(rawValue: purposeKey),
            state: PurposeState(
                choice: choice, since: Date(millisecondsSince1970: since),
                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), policyVersion: policyVersion,
                eventID: EventID(rawValue: eventID), notice: notice))
    }

    private static func invalid(_ column: CodingKeys) -> StoreError {
        .corrupt("\(table).\(column.rawValue) is not valid")
    }
}
