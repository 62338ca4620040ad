import Foundation

/// What a webhook connector or a manual task gave for an access request (issue 14 §1): the webhook's `data`, a
/// task's free-text result or its uploaded file. Kept sealed under the requester's vault key (`SubjectDirectory.
/// sealCopy`), so it is never stored in clear and is unreadable once the requester is shredded; the access package
/// opens it.
public struct ConnectorAttachment: Sendable, Hashable {
    /// What it holds.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A webhook's `data` object, as JSON.
        case data
        /// A task's free-text result.
        case text
        /// A task's uploaded file.
        case file
    }

    public var id: String
    public var property: PropertyID
    public var request: String
    public var system: String
    public var kind: Kind
    /// The file's name as uploaded (a file), else nil.
    public var name: String?
    /// The file's media type (a file), else nil.
    public var contentType: String?
    /// The content, sealed.
    public var sealed: [UInt8]
    public var createdAt: Date

    public init(
        id: String, property: PropertyID, request: String, system: String, kind: Kind, name: String? = nil, contentType: String? = nil,
        sealed: [UInt8], createdAt: Date
    ) {
        self.id = id
        self.property = property
        self.request = request
        self.system = system
        self.kind = kind
        self.name = name
        self.contentType = contentType
        self.sealed = sealed
        self.createdAt = createdAt.truncatedToMilliseconds
    }
}

/// Where connector attachments are kept (one role, on every backend).
public protocol ConnectorAttachments: Sendable {
    /// Stores an attachment; one with an id already stored is ignored.
    func saveConnectorAttachment(_ attachment: ConnectorAttachment) async throws
    /// A request's attachments, oldest first.
    func connectorAttachments(of request: String, in property: PropertyID) async throws -> [ConnectorAttachment]
    /// Deletes the attachments of every request `requester` made in `property` (their vault key is being shredded,
    /// so they could never be opened again); how many were deleted.
    func deleteConnectorAttachments(ofRequester requester: SubjectKey, in property: PropertyID) async throws -> Int
}
