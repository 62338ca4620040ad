import AccordCore
import Foundation
import Testing

/// What every store's `ConnectorAttachments` must do (issue 14 §1): keep each attachment once, exactly as given
/// (sealed bytes, name, media type), and list a request's attachments oldest first, none of another request's or
/// property's.
public enum ConnectorAttachmentsContract {
    static func attachment(
        _ id: String, request: String, property: PropertyID = "demo", kind: ConnectorAttachment.Kind, seconds: TimeInterval
    ) -> ConnectorAttachment {
        ConnectorAttachment(
            id: id, property: property, request: request, system: "crm", kind: kind, name: kind == .file ? "export.pdf" : nil,
            contentType: kind == .file ? "application/pdf" : nil, sealed: Array("sealed-\(id)".utf8) + [0, 255],
            createdAt: Date(millisecondsSince1970: 1_790_000_000_000).addingTimeInterval(seconds))
    }

    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "attachmentsAreKeptOnceAndListedPerRequestOldestFirst") { store in
            let file = attachment("a3", request: "r1", kind: .file, seconds: 2)
            let text = attachment("a1", request: "r1", kind: .text, seconds: 0)
            let data = attachment("a2", request: "r1", kind: .data, seconds: 1)
            for item in [file, text, data, attachment("b1", request: "r2", kind: .text, seconds: 0)] {
                try await store.saveConnectorAttachment(item)
            }
            var changed = text
            changed.sealed = [1, 2, 3]
            try await store.saveConnectorAttachment(changed)
            try await store.saveConnectorAttachment(attachment("c1", request: "r1", property: "other", kind: .text, seconds: 0))

            let listed = try await store.connectorAttachments(of: "r1", in: "demo")
            #expect(listed == [text, data, file], "oldest first, the first save of an id kept, other requests and properties left out")
            #expect(listed.last?.name == "export.pdf" && listed.last?.contentType == "application/pdf")
            #expect(try await store.connectorAttachments(of: "nobody", in: "demo").isEmpty)
        },
        ContractCase(name: "aRequestersAttachmentsAreDeletedAcrossTheirRequestsAndNoOneElses") { store in
            let fixture = try await ContractFixture.make(in: store)
            let requester = fixture.newSubject()
            let access = fixture.request(.access, due: 45, requester: requester)
            let deletion = fixture.request(.deletion, due: 45, requester: requester)
            let other = fixture.request(.access, due: 45)
            for request in [access, deletion, other] { try await store.createRequest(fixture.change(.received, request, before: nil)) }
            let property = fixture.property.id
            for (id, request) in [("x1", access.id), ("x2", access.id), ("x3", deletion.id), ("y1", other.id)] {
                try await store.saveConnectorAttachment(attachment(id, request: request, property: property, kind: .text, seconds: 0))
            }
            #expect(try await store.deleteConnectorAttachments(ofRequester: requester, in: PropertyID(rawValue: "other")) == 0)
            #expect(try await store.deleteConnectorAttachments(ofRequester: requester, in: property) == 3)
            #expect(try await store.connectorAttachments(of: access.id, in: property).isEmpty)
            #expect(try await store.connectorAttachments(of: deletion.id, in: property).isEmpty)
            #expect(try await store.connectorAttachments(of: other.id, in: property).map(\.id) == ["y1"], "another requester's stay")
            #expect(try await store.deleteConnectorAttachments(ofRequester: requester, in: property) == 0, "nothing left")
        },
    ]
}
