import Foundation

/// A browser's visitor id linked to a known subject of the same property: the view of the newest `linked` event
/// per visitor, written by the append planner in the event's transaction.
public struct LinkRow: Hashable, Sendable {
    /// The property both keys belong to.
    public var property: PropertyID
    /// The visitor's keyed hash.
    public var visitor: SubjectKey
    /// The subject it is linked to: the visitor's choices are recorded, and its state read, as this subject's.
    public var subject: SubjectKey
    /// The `linked` event that made the link.
    public var eventID: EventID

    /// A link from its parts.
    public init(property: PropertyID, visitor: SubjectKey, subject: SubjectKey, eventID: EventID) {
        self.property = property
        self.visitor = visitor
        self.subject = subject
        self.eventID = eventID
    }
}

/// A `subject_links` row exactly as stored: keys as their bytes.
public struct LinkRecord: FlatRecord, Hashable {
    /// The table of links.
    public static let table = "subject_links"
    /// `CodingKeys` raw values in column order, computed once.
    public static let columns = CodingKeys.allCases.map(\.rawValue)

    /// The property's id as text.
    public var propertyID: String
    /// The visitor's keyed hash: 32 bytes; with the property, the primary key.
    public var visitorKey: Data
    /// The linked subject's keyed hash: 32 bytes.
    public var subjectKey: Data
    /// The `linked` event's id; references `consent_events(id)`.
    public var eventID: String

    /// The columns, in table order.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        /// Part of the primary key.
        case propertyID = "property_id"
        /// Part of the primary key.
        case visitorKey = "visitor_key"
        /// 32 bytes.
        case subjectKey = "subject_key"
        /// Text referencing `consent_events(id)`.
        case eventID = "event_id"
    }

    /// The stored form of a link.
    public init(_ row: LinkRow) {
        propertyID = row.property.rawValue
        visitorKey = Data(row.visitor.bytes)
        subjectKey = Data(row.subject.bytes)
        eventID = row.eventID.rawValue
    }

    /// The link; `StoreError.corrupt` for a key that is not 32 bytes.
    public func row() throws -> LinkRow {
        guard let visitor = SubjectKey(bytes: Array(visitorKey)), let subject = SubjectKey(bytes: Array(subjectKey)) else {
            throw StoreError.corrupt("\(Self.table) holds a key that is not 32 bytes")
        }
        return LinkRow(property: PropertyID(rawValue: propertyID), visitor: visitor, subject: subject, eventID: EventID(rawValue: eventID))
    }
}
