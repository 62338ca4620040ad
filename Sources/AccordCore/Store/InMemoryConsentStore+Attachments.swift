import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `ConnectorAttachments`: the first attachment saved under an id is kept.
    public func saveConnectorAttachment(_ attachment: ConnectorAttachment) async throws {
        attachmentRows.withLock { rows in
            if !rows.contains(where: { $0.id == attachment.id }) { rows.append(attachment) }
        }
    }

    /// `ConnectorAttachments`: the request's attachments, oldest first (in saving order for one time).
    public func connectorAttachments(of request: String, in property: PropertyID) async throws -> [ConnectorAttachment] {
        let rows = attachmentRows.withLock { rows in rows.filter { $0.request == request && $0.property == property } }
        return rows.enumerated().sorted { ($0.element.createdAt, $0.offset) < ($1.element.createdAt, $1.offset) }.map(\.element)
    }

    /// `ConnectorAttachments`: the attachments of `requester`'s requests removed.
    public func deleteConnectorAttachments(ofRequester requester: SubjectKey, in property: PropertyID) async throws -> Int {
        let requests = contents.withLock { contents in
            Set(contents.requests.values.filter { $0.property == property && $0.requester == requester }.map(\.id))
        }
        return attachmentRows.withLock { rows in
            let before = rows.count
            rows.removeAll { $0.property == property && requests.contains($0.request) }
            return before - rows.count
        }
    }
}
