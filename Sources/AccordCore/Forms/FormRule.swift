import Foundation

/// A rule of a form, as data. One object is one rule; which rule it is follows from its members:
/// `{"if": "news", "requires": "research"}` (answering `news` needs `research` granted),
/// `{"item": "sms", "shownIn": {"regions": ["US"]}}` and `{"item": "dob", "requiredIn": {"regimes": ["optIn"]}}`,
/// and `{"minimumAge": 16, "dateField": "dob", "guardian": true}`.
public struct FormRule: Hashable, Sendable, Codable {
    /// For a requirement: the item that, when granted, needs another.
    public var `if`: String?
    /// For a requirement: the item that must be granted too.
    public var requires: String?
    /// For a scope rule: the item it is about.
    public var item: String?
    /// For a scope rule: where the item is shown (elsewhere it is left out).
    public var shownIn: FormScope?
    /// For a scope rule: where the item must be answered.
    public var requiredIn: FormScope?
    /// For the age rule: the age under which the person may not consent alone.
    public var minimumAge: Int?
    /// For the age rule: the `date` field holding the date of birth.
    public var dateField: String?
    /// For the age rule: true, a parent or guardian confirms for a younger person; false, they cannot submit.
    public var guardian: Bool?

    /// A rule from its parts.
    public init(
        if condition: String? = nil, requires: String? = nil, item: String? = nil, shownIn: FormScope? = nil,
        requiredIn: FormScope? = nil, minimumAge: Int? = nil, dateField: String? = nil, guardian: Bool? = nil
    ) {
        self.if = condition
        self.requires = requires
        self.item = item
        self.shownIn = shownIn
        self.requiredIn = requiredIn
        self.minimumAge = minimumAge
        self.dateField = dateField
        self.guardian = guardian
    }

    /// Which rule this is, or nil when its members fit none (or several).
    public var shape: Shape? {
        let requirement = self.if != nil || requires != nil
        let scope = item != nil || shownIn != nil || requiredIn != nil
        let age = minimumAge != nil || dateField != nil || guardian != nil
        switch (requirement, scope, age) {
        case (true, false, false): return .requirement
        case (false, true, false): return .scope
        case (false, false, true): return .age
        default: return nil
        }
    }

    /// The kinds of rule.
    public enum Shape: Hashable, Sendable {
        /// `if` / `requires`.
        case requirement
        /// `item` with `shownIn` and/or `requiredIn`.
        case scope
        /// `minimumAge`, `dateField`, `guardian`.
        case age
    }
}
