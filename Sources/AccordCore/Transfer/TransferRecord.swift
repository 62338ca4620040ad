import Foundation

/// One line of an Accord export (`accord export --format jsonl`): a JSON object whose `type` names the record.
///
/// An export lists, in this order: the header, properties, policy versions, configuration audit entries and
/// consent events (each in chain order, with their links), chain heads, the properties' Global Vendor Lists,
/// API keys (hashes only) and, only when asked for, the webhook endpoints (their secrets as stored), the
/// outbox's undelivered deliveries, the subject vault's entries and the server secrets: each of those is usable
/// only with the secrets (or sensitive with them), so they travel together. Times are integer milliseconds and
/// bytes hex or base64, so nothing is lost and an import stores every record exactly as it was.
///
/// Format 2 added the vendor lists, format 3 the endpoints, deliveries and vault entries, format 4 the erased
/// subjects' tombstones; older exports are still read.
public enum TransferRecord: Hashable, Sendable {
    /// The first line: `{"type":"accord-export","exportedAt":"...","format":4}`.
    case header(format: Int, exportedAt: Date)
    /// A property's configuration exactly as stored, with `currentPolicyVersion` and `isArchived`.
    case property(Property)
    /// A published policy version with the exact texts it showed.
    case policyVersion(PolicyVersion)
    /// A configuration audit entry with its sequence number and its link in the `config/<property>` chain.
    case auditEntry(StoredAuditEntry)
    /// A consent event with its sequence number and its chain link, in chain order.
    case event(StoredEvent)
    /// A chain's last link as the source store held it; heads at position 0 are left out.
    case chainHead(ChainHead)
    /// A property's Global Vendor List as stored (a GVL v3 document); the `gvl.update` audit entry that saved
    /// it is in the export's audit trail.
    case vendorList(property: PropertyID, list: GlobalVendorList)
    /// An API key by its hash; the token itself is never exported.
    case apiKey(APIKey)
    /// A webhook endpoint with its secrets as stored (wrapped by the root key when the source has one); only with
    /// `accord export --include-secrets`.
    case webhookEndpoint(WebhookEndpoint)
    /// A delivery not made yet (pending or dead) with its message, which keeps its sequence; only with
    /// `--include-secrets`.
    case outboxDelivery(OutboxDelivery)
    /// A subject vault entry as stored (ciphertext, its data key wrapped by `subject-vault-key`); only with
    /// `--include-secrets`.
    case vaultEntry(VaultEntry)
    /// A server secret from `secretNames`, base64 in the line; only with `accord export --include-secrets`.
    case secret(name: String, value: [UInt8])
    /// An erased subject's tombstone (`SubjectErasures`), in erasure order, after the API keys: the target erases
    /// the subject again once its events are in, so nothing the source erased comes back as state.
    case erasedSubject(ErasedSubject)

    /// The export format this version writes.
    public static let format = 4

    /// The first format with `erasedSubject` records.
    public static let erasureFormat = 4

    /// The export formats this version reads: format 1 is format 2 without vendor lists, format 2 is format 3
    /// without endpoints, deliveries and vault entries.
    public static let readableFormats = 1...format

    /// The first format with `webhookEndpoint`, `outboxDelivery` and `vaultEntry` records.
    public static let deliveryFormat = 3

    /// The first format with `vendorList` records.
    public static let vendorListFormat = 2

    /// The `type` of the header line.
    public static let headerType = "accord-export"

    /// The secrets an export can carry: the subject pseudonym key (subject look-ups), the receipt signing key
    /// (receipts issued before the move keep verifying), the first-start marker (no second admin key), the subject
    /// vault key (the vault's entries open on the target), the preference link key (links in e-mails already sent
    /// keep working), and each property's identity secret (`identitySecretPrefix` and the property id).
    public static let secretNames = ["subject-hmac-key", "receipt-signing-key", "first-admin-key", "subject-vault-key", "preference-link-key"]

    /// The name of a property's identity secret is this and the property id.
    public static let identitySecretPrefix = "identity-secret:"

    /// Whether an export may carry the secret `name`.
    public static func isExportableSecret(_ name: String) -> Bool {
        secretNames.contains(name) || (name.hasPrefix(identitySecretPrefix) && name.count > identitySecretPrefix.count)
    }

    /// The record's `type` field.
    public var type: String {
        switch self {
        case .header: Self.headerType
        case .property: "property"
        case .policyVersion: "policyVersion"
        case .auditEntry: "auditEntry"
        case .event: "event"
        case .chainHead: "chainHead"
        case .vendorList: "vendorList"
        case .apiKey: "apiKey"
        case .webhookEndpoint: "webhookEndpoint"
        case .outboxDelivery: "outboxDelivery"
        case .vaultEntry: "vaultEntry"
        case .secret: "secret"
        case .erasedSubject: "erasedSubject"
        }
    }
}

/// Why a line of an export cannot be imported, with its line number when there is one.
public struct TransferError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line at fault; nil when the failure concerns the export as a whole (empty, incomplete).
    public var line: Int?
    /// What is wrong, as one lower-case sentence.
    public var reason: String

    /// A failure at `line`, or of the whole export when it is nil.
    public init(line: Int?, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line <n>: <reason>`, or the reason alone.
    public var description: String { line.map { "line \($0): \(reason)" } ?? reason }
}

/// How many records of each kind an export or import carried.
public struct TransferSummary: Hashable, Sendable {
    /// Properties, archived ones included.
    public var properties = 0
    /// Published policy versions of every property.
    public var policyVersions = 0
    /// Configuration audit entries, over every `config/<property>` chain.
    public var auditEntries = 0
    /// Consent events, over every subject chain.
    public var events = 0
    /// API keys, as hashes.
    public var apiKeys = 0
    /// Server secrets; 0 unless they were asked for.
    public var secrets = 0
    /// Webhook endpoints; 0 unless secrets were asked for.
    public var webhookEndpoints = 0
    /// Undelivered outbox deliveries (pending or dead); 0 unless secrets were asked for.
    public var outboxDeliveries = 0
    /// Subject vault entries; 0 unless secrets were asked for.
    public var vaultEntries = 0
    /// Global Vendor Lists, one per property that has one.
    public var vendorLists = 0
    /// Erased subjects' tombstones.
    public var erasedSubjects = 0
    /// Properties whose audit trail saved a vendor list that the export did not carry (only format 1 exports,
    /// written before vendor lists were exported): the list must be uploaded again on the target.
    public var vendorListsNotCarried: [PropertyID] = []

    /// All counts zero.
    public init() {}
}
