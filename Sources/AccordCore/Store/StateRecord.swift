import Foundation

/// A `consent_state` row exactly as stored: the subject key as its bytes, times as integer milliseconds.
public struct StateRecord: FlatRecord, Hashable {
    public static let table = "consent_state"
    public static let columns = CodingKeys.allCases.map(\.rawValue)

    public var propertyID: String
    public var subjectKey: Data
    public var purposeKey: String
    public var choice: String
    public var since: Int64
    public var expiresAt: Int64?
    public var policyVersion: Int
    public var eventID: String

    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case propertyID = "property_id"
        case subjectKey = "subject_key"
        case purposeKey = "purpose_key"
        case choice, since
        case expiresAt = "expires_at"
        case policyVersion = "policy_version"
        case eventID = "event_id"
    }

    /// The primary key: one row per (property, subject, purpose).
    public static let key: [CodingKeys] = [.propertyID, .subjectKey, .purposeKey]

    public init(_ row: StateRow) {
        propertyID = row.property.rawValue
        subjectKey = Data(row.subject.bytes)
        purposeKey = row.purpose.rawValue
        choice = row.state.choice.rawValue
        since = row.state.since.millisecondsSince1970
        expiresAt = row.state.expiresAt?.millisecondsSince1970
        policyVersion = row.state.policyVersion
        eventID = row.state.eventID.rawValue
    }

    /// The state row; `StoreError.corrupt("consent_state.<column> ...")` for a value the domain cannot represent.
    public func row() throws -> StateRow {
        guard let subject = SubjectKey(bytes: Array(subjectKey)) else { throw Self.invalid(.subjectKey) }
        guard let choice = ConsentChoice(rawValue: choice) else { throw Self.invalid(.choice) }
        return StateRow(
            property: PropertyID(rawValue: propertyID), subject: subject, purpose: PurposeKey(rawValue: purposeKey),
            state: PurposeState(
                choice: choice, since: Date(millisecondsSince1970: since),
                expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)), policyVersion: policyVersion,
                eventID: EventID(rawValue: eventID)))
    }

    private static func invalid(_ column: CodingKeys) -> StoreError {
        .corrupt("\(table).\(column.rawValue) is not valid")
    }
}
