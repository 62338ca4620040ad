import Foundation

/// A system that holds personal data: one entry of a property's data map (issue 13 §5), managed with
/// `PUT /v1/admin/properties/{property}/systems/{system}` and in `accord config export/apply`.
public struct DataSystem: Sendable, Hashable, Codable {
    /// The property whose map it belongs to.
    public var property: PropertyID
    /// Its key in paths and in config: lower-case letters, digits, `-` and `_`, 1 to 64 characters (`crm`, `shop-db`).
    public var key: String
    /// Its name for people (defaults to the key).
    public var name: String
    /// The person or team responsible.
    public var owner: String?
    /// What it is.
    public var description: String?
    /// The categories of personal information it holds.
    public var categories: [DataCategory]
    /// Where that information comes from (`website form`, `event`, `third-party list`, ...).
    public var sources: [String]
    /// What it is used for (`order fulfilment`, `marketing`, ...).
    public var purposes: [String]
    /// Who it is disclosed to, and how.
    public var thirdParties: [ThirdParty]
    /// How long the data is kept, in words (`"24 months after the last order"`).
    public var retention: String?
    /// How Accord reaches it for requests, if it can (issue 14 §1).
    public var connector: Connector?
    /// When it was last changed (set by the store's caller).
    public var updatedAt: Date

    public init(
        property: PropertyID, key: String, name: String? = nil, owner: String? = nil, description: String? = nil,
        categories: [DataCategory] = [], sources: [String] = [], purposes: [String] = [], thirdParties: [ThirdParty] = [],
        retention: String? = nil, connector: Connector? = nil, updatedAt: Date
    ) {
        self.property = property
        self.key = key
        self.name = name ?? key
        self.owner = owner
        self.description = description
        self.categories = categories
        self.sources = sources
        self.purposes = purposes
        self.thirdParties = thirdParties
        self.retention = retention
        self.connector = connector
        self.updatedAt = updatedAt
    }

    /// The map's contents without the bookkeeping (property, time): what config as code compares.
    public func sameDefinition(as other: DataSystem) -> Bool {
        var a = self
        var b = other
        a.updatedAt = .distantPast
        b.updatedAt = .distantPast
        a.property = b.property
        return a == b
    }
}

/// A third party a system's data goes to (issue 13 §5).
public struct ThirdParty: Sendable, Hashable, Codable {
    /// Who: `"Mailchimp"`, `"Acme Ads"`.
    public var name: String
    /// Whether the data is shared with it or sold to it (CCPA §1798.140(ad), (ah)).
    public var relation: Relation

    public init(name: String, relation: Relation) {
        self.name = name
        self.relation = relation
    }

    /// How the data reaches the third party.
    public enum Relation: String, Sendable, Hashable, Codable, CaseIterable {
        /// Disclosed for cross-context behavioural advertising, or otherwise shared.
        case sharedWith
        /// Sold (for money or other valuable consideration).
        case soldTo
    }
}
