import Foundation

/// An event as an export line: every stored field and its chain link, the subject key in hex, times in
/// integer milliseconds.
struct EventLine: Codable {
    var id: EventID
    var property: PropertyID
    var subject: SubjectKey
    var choices: [PurposeKey: ConsentChoice]
    var expiresAt: [PurposeKey: Int64]
    var regime: Regime
    var region: String?
    var locale: String?
    var policyVersion: Int
    var policyHash: String
    var source: ConsentSource
    var gpc: Bool
    var tcString: String?
    var gppString: String?
    var ipPrefix: String?
    var userAgent: String?
    var clientTime: Int64?
    var recordedAt: Int64
    var idempotencyKey: String?
    /// Absent in exports made before events recorded it, and for events recorded before then.
    var authentication: ConsentAuthentication?
    var chain: String
    var position: Int64
    var previousHash: String
    var hash: String

    init(_ stored: StoredEvent) {
        let event = stored.event
        (id, property, subject, choices) = (event.id, event.property, event.subject, event.choices)
        expiresAt = event.expiresAt.mapValues(\.millisecondsSince1970)
        (regime, region, locale, policyVersion, policyHash) = (event.regime, event.region, event.locale, event.policyVersion, event.policyHash)
        (source, gpc, tcString, gppString) = (event.source, event.gpc, event.tcString, event.gppString)
        (ipPrefix, userAgent, clientTime) = (event.ipPrefix, event.userAgent, event.clientTime?.millisecondsSince1970)
        (recordedAt, idempotencyKey, authentication) = (
            event.recordedAt.millisecondsSince1970, event.idempotencyKey, event.authentication
        )
        (chain, position, previousHash, hash) = (stored.link.chain, stored.link.position, stored.link.previousHash, stored.link.hash)
    }

    /// The stored event; its sequence number is the target's to give.
    func stored() -> StoredEvent {
        let event = ConsentEvent(
            id: id, property: property, subject: subject, choices: choices,
            expiresAt: expiresAt.mapValues(Date.init(millisecondsSince1970:)), regime: regime, region: region, locale: locale,
            policyVersion: policyVersion, policyHash: policyHash, source: source, gpc: gpc, tcString: tcString,
            gppString: gppString, ipPrefix: ipPrefix, userAgent: userAgent, clientTime: clientTime.map(Date.init(millisecondsSince1970:)),
            recordedAt: Date(millisecondsSince1970: recordedAt), idempotencyKey: idempotencyKey,
            authentication: authentication)
        return StoredEvent(event: event, sequence: 0, link: ChainLink(chain: chain, position: position, previousHash: previousHash, hash: hash))
    }
}

/// A configuration audit entry as an export line, with its chain link.
struct AuditEntryLine: Codable {
    var id: EventID
    var property: PropertyID
    var actor: String
    var action: String
    var target: String?
    var before: String?
    var after: String?
    var recordedAt: Int64
    var chain: String
    var position: Int64
    var previousHash: String
    var hash: String

    init(_ stored: StoredAuditEntry) {
        let entry = stored.entry
        (id, property, actor, action, target) = (entry.id, entry.property, entry.actor, entry.action, entry.target)
        (before, after, recordedAt) = (entry.before, entry.after, entry.recordedAt.millisecondsSince1970)
        (chain, position, previousHash, hash) = (stored.link.chain, stored.link.position, stored.link.previousHash, stored.link.hash)
    }

    var stored: StoredAuditEntry {
        var entry = AuditEntry(
            property: property, actor: actor, action: action, target: target, before: before, after: after,
            at: Date(millisecondsSince1970: recordedAt))
        entry.id = id
        return StoredAuditEntry(entry: entry, sequence: 0, link: ChainLink(chain: chain, position: position, previousHash: previousHash, hash: hash))
    }
}

/// An API key as an export line: its hash, never the key, so keys keep working after a move.
struct APIKeyLine: Codable {
    var hash: String
    var prefix: String
    var name: String
    var scopes: [String]
    var createdAt: Int64

    init(_ key: APIKey) {
        (hash, prefix, name) = (key.hash, key.prefix, key.name)
        scopes = key.scopes.sorted().map(\.rawValue)
        createdAt = key.createdAt.millisecondsSince1970
    }

    var key: APIKey {
        get throws {
            let parsed = try scopes.map { scope in
                guard let known = APIKey.Scope(rawValue: scope) else { throw TransferError(line: nil, "apiKey: unknown scope '\(scope)'") }
                return known
            }
            return APIKey(prefix: prefix, name: name, scopes: Set(parsed), createdAt: Date(millisecondsSince1970: createdAt), hash: hash)
        }
    }
}
