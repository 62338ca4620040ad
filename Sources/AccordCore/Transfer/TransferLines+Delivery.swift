import Foundation

/// A webhook endpoint line: everything as stored, the secrets base64 as stored (wrapped by the root key when the
/// source has one, so the target needs the same root key to sign with them).
struct WebhookEndpointLine: Codable {
    var id: String
    var property: PropertyID
    var url: String
    var events: [String]
    var description: String?
    var status: String
    var secret: String
    var previousSecret: String?
    var previousSecretExpiresAt: Int64?
    var createdAt: Int64
    var updatedAt: Int64

    init(_ endpoint: WebhookEndpoint) {
        (id, property, url, description) = (endpoint.id, endpoint.property, endpoint.url, endpoint.description)
        events = endpoint.events.map(\.rawValue)
        status = endpoint.status.rawValue
        secret = Data(endpoint.secret).base64EncodedString()
        previousSecret = endpoint.previousSecret.map { Data($0).base64EncodedString() }
        previousSecretExpiresAt = endpoint.previousSecretExpiresAt?.millisecondsSince1970
        createdAt = endpoint.createdAt.millisecondsSince1970
        updatedAt = endpoint.updatedAt.millisecondsSince1970
    }

    var endpoint: WebhookEndpoint {
        get throws {
            guard let status = WebhookEndpointStatus(rawValue: status) else {
                throw TransferError(line: nil, "webhookEndpoint: unknown status '\(status)'")
            }
            if let unknown = events.first(where: { !WebhookEventType.known.contains(WebhookEventType(rawValue: $0)) }) {
                throw TransferError(line: nil, "webhookEndpoint: unknown event type '\(unknown)'")
            }
            return WebhookEndpoint(
                id: id, property: property, url: url, events: events.map(WebhookEventType.init(rawValue:)), description: description,
                status: status, secret: try base64(secret, "secret"), previousSecret: try previousSecret.map { try base64($0, "previousSecret") },
                previousSecretExpiresAt: previousSecretExpiresAt.map(Date.init(millisecondsSince1970:)),
                createdAt: Date(millisecondsSince1970: createdAt), updatedAt: Date(millisecondsSince1970: updatedAt))
        }
    }
}

/// An undelivered outbox delivery line: the message (payload base64, its sequence kept) and where its delivery
/// to one destination stands.
struct OutboxDeliveryLine: Codable {
    var id: String
    var sequence: Int64
    var channel: String
    var messageType: String
    var property: PropertyID
    var subject: String?
    var payload: String
    var createdAt: Int64
    var destination: String
    var status: String
    var attempts: Int
    var nextAttemptAt: Int64
    var lastStatusCode: Int?
    var lastError: String?
    var firstAttemptAt: Int64?

    init(_ delivery: OutboxDelivery) {
        let message = delivery.message
        (id, sequence, messageType, property) = (message.id, message.sequence, message.type, message.property)
        channel = message.channel.rawValue
        subject = message.subject?.hex
        payload = Data(message.payload).base64EncodedString()
        createdAt = message.createdAt.millisecondsSince1970
        (destination, attempts, lastStatusCode, lastError) = (delivery.destination, delivery.attempts, delivery.lastStatusCode, delivery.lastError)
        status = delivery.status.rawValue
        nextAttemptAt = delivery.nextAttemptAt.millisecondsSince1970
        firstAttemptAt = delivery.firstAttemptAt?.millisecondsSince1970
    }

    var delivery: OutboxDelivery {
        get throws {
            guard let channel = OutboxChannel(rawValue: channel) else {
                throw TransferError(line: nil, "outboxDelivery: unknown channel '\(channel)'")
            }
            guard let status = DeliveryStatus(rawValue: status), status != .delivered else {
                throw TransferError(line: nil, "outboxDelivery: status must be pending or dead")
            }
            guard sequence > 0, attempts >= 0 else { throw TransferError(line: nil, "outboxDelivery: sequence and attempts out of range") }
            let key = try subject.map { text in
                guard let key = SubjectKey(hex: text) else { throw TransferError(line: nil, "outboxDelivery: subject is not 64 hex digits") }
                return key
            }
            let message = OutboxMessage(
                id: id, channel: channel, type: messageType, property: property, subject: key, payload: try base64(payload, "payload"),
                createdAt: Date(millisecondsSince1970: createdAt), sequence: sequence)
            return OutboxDelivery(
                message: message, destination: destination, status: status, attempts: attempts,
                nextAttemptAt: Date(millisecondsSince1970: nextAttemptAt), lastStatusCode: lastStatusCode, lastError: lastError,
                firstAttemptAt: firstAttemptAt.map(Date.init(millisecondsSince1970:)))
        }
    }
}

/// A subject vault line: the entry as stored, ciphertext only (the data key is wrapped by the `subject-vault-key`
/// server secret, which travels in the same export).
struct VaultEntryLine: Codable {
    var property: PropertyID
    var subject: String
    var keyID: String
    var wrappedKey: String
    var identity: String
    var contact: String?
    var createdAt: Int64
    var updatedAt: Int64

    init(_ entry: VaultEntry) {
        (property, subject) = (entry.property, entry.subject.hex)
        keyID = Data(entry.keyID).base64EncodedString()
        wrappedKey = Data(entry.wrappedKey).base64EncodedString()
        identity = Data(entry.identity).base64EncodedString()
        contact = entry.contact.map { Data($0).base64EncodedString() }
        createdAt = entry.createdAt.millisecondsSince1970
        updatedAt = entry.updatedAt.millisecondsSince1970
    }

    var entry: VaultEntry {
        get throws {
            guard let key = SubjectKey(hex: subject) else { throw TransferError(line: nil, "vaultEntry: subject is not 64 hex digits") }
            return VaultEntry(
                property: property, subject: key, keyID: try base64(keyID, "keyID"), wrappedKey: try base64(wrappedKey, "wrappedKey"),
                identity: try base64(identity, "identity"), contact: try contact.map { try base64($0, "contact") },
                createdAt: Date(millisecondsSince1970: createdAt), updatedAt: Date(millisecondsSince1970: updatedAt))
        }
    }
}

/// An erased subject's line: the property, the pseudonym in hex and when it was erased; the target numbers the
/// tombstones again in the order it reads them.
struct ErasedSubjectLine: Codable {
    var property: PropertyID
    var subject: String
    var erasedAt: Int64

    init(_ tombstone: ErasedSubject) {
        (property, subject, erasedAt) = (tombstone.property, tombstone.subject.hex, tombstone.erasedAt.millisecondsSince1970)
    }

    var tombstone: ErasedSubject {
        get throws {
            guard let key = SubjectKey(hex: subject) else { throw TransferError(line: nil, "erasedSubject: subject is not 64 hex digits") }
            return ErasedSubject(property: property, subject: key, erasedAt: Date(millisecondsSince1970: erasedAt), sequence: 0)
        }
    }
}

/// The bytes of a base64 field, or an error naming it.
private func base64(_ text: String, _ field: String) throws -> [UInt8] {
    guard let data = Data(base64Encoded: text) else { throw TransferError(line: nil, "field '\(field)' is not base64") }
    return Array(data)
}
