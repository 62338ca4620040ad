import Foundation

/// A published form: the draft as it was at publication, immutable, with the content hash that consent events
/// and signatures carry, so what a person was shown can always be read back exactly.
public struct FormVersion: Hashable, Sendable, Codable {
    /// The property the form belongs to.
    public let property: PropertyID
    /// The form's key within the property.
    public let form: String
    /// Its number, from 1; one number is published once only.
    public let version: Int
    /// The form exactly as published.
    public let draft: FormDraft
    /// SHA-256 (hex) over the draft's canonical JSON (`FormVersion.canonicalJSON`).
    public let contentHash: String
    /// When it was published, truncated to milliseconds.
    public let publishedAt: Date
    /// Who published it: an API key's name, a console user, or `config apply`.
    public let publishedBy: String

    /// Publishes `draft` as version `version` of `form`.
    public init(property: PropertyID, form: String, version: Int, draft: FormDraft, at time: Date, by publisher: String) {
        self.property = property
        self.form = form
        self.version = version
        self.draft = draft
        self.contentHash = ContentDigest.sha256Hex(FormVersion.canonicalJSON(draft))
        self.publishedAt = time.truncatedToMilliseconds
        self.publishedBy = publisher
    }

    /// A version read back from a store, its hash as stored.
    public init(
        property: PropertyID, form: String, version: Int, draft: FormDraft, contentHash: String, publishedAt: Date,
        publishedBy: String
    ) {
        self.property = property
        self.form = form
        self.version = version
        self.draft = draft
        self.contentHash = contentHash
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
    }

    /// What events name it by.
    public var reference: FormReference { FormReference(form: form, version: version, hash: contentHash) }

    /// The draft's JSON with sorted keys and no extra spaces: what the content hash covers and what stores keep.
    public static func canonicalJSON(_ draft: FormDraft) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        return Array((try? encoder.encode(draft)) ?? Data())
    }

    /// A draft from stored JSON; `StoreError.corrupt` when it is not one.
    public static func draft(fromJSON text: String) throws -> FormDraft {
        do {
            return try JSONDecoder().decode(FormDraft.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("a stored form is not valid")
        }
    }
}

/// Names the form version a consent event was recorded through: key, number and content hash.
public struct FormReference: Hashable, Sendable, Codable {
    /// The form's key.
    public var form: String
    /// The published version's number.
    public var version: Int
    /// The version's content hash: pins the exact texts shown.
    public var hash: String

    /// A reference from its parts.
    public init(form: String, version: Int, hash: String) {
        self.form = form
        self.version = version
        self.hash = hash
    }

    /// As stored and hashed with the event: `<form>/<version>/<hash>` (form keys hold no `/`).
    public var text: String { "\(form)/\(version)/\(hash)" }

    /// A reference read back from its `text`; nil when it is not one.
    public init?(text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, FormKey.isWellFormed(String(parts[0])), let version = Int(parts[1]), version > 0,
            !parts[2].isEmpty
        else { return nil }
        self.init(form: String(parts[0]), version: version, hash: String(parts[2]))
    }
}

/// A form's saved draft, with who saved it when.
public struct StoredFormDraft: Hashable, Sendable {
    /// The property the form belongs to.
    public var property: PropertyID
    /// The form's key.
    public var form: String
    /// The draft.
    public var draft: FormDraft
    /// When it was last saved.
    public var updatedAt: Date
    /// Who saved it.
    public var updatedBy: String

    /// A stored draft from its parts.
    public init(property: PropertyID, form: String, draft: FormDraft, updatedAt: Date, updatedBy: String) {
        self.property = property
        self.form = form
        self.draft = draft
        self.updatedAt = updatedAt.truncatedToMilliseconds
        self.updatedBy = updatedBy
    }
}

/// One form in a listing: its draft's kind and title and its newest published version.
public struct FormSummary: Hashable, Sendable {
    /// The form's key.
    public var form: String
    /// The draft, when one is saved.
    public var draft: StoredFormDraft?
    /// The newest published version's number, nil when none is.
    public var latestVersion: Int?

    /// A summary from its parts.
    public init(form: String, draft: StoredFormDraft?, latestVersion: Int?) {
        self.form = form
        self.draft = draft
        self.latestVersion = latestVersion
    }
}
