/// What `config apply` would do: the changes between the stored configuration and a document.
public struct ConfigPlan: Sendable {
    /// One difference `config apply` resolves; `description` is its line in the printed plan.
    public enum Change: Hashable, Sendable, CustomStringConvertible {
        /// The document has a property the store lacks (or holds only archived): created, then published.
        case addProperty(PropertyID)
        /// The store has a live property the document lacks: archived, never deleted, so its history stays.
        case archiveProperty(PropertyID)
        /// Top-level fields of the property differ (purposes aside): the names of those fields.
        case changeProperty(PropertyID, fields: [String])
        /// The document adds a purpose; saved with the property's change.
        case addPurpose(PropertyID, PurposeKey)
        /// A purpose's definition differs; saved with the property's change.
        case changePurpose(PropertyID, PurposeKey)
        /// The document marks a purpose retired: it stays in history but is no longer asked.
        case retirePurpose(PropertyID, PurposeKey)
        /// The document drops a purpose that has no recorded consents (one with consents must be retired instead).
        case removePurpose(PropertyID, PurposeKey)
        /// A new policy version is needed; these purposes changed in substance and will be asked again.
        case publish(PropertyID, askAgain: [PurposeKey])
        /// The document adds a system to a property's data map.
        case addSystem(PropertyID, String)
        /// A system's definition differs: the names of the fields that do.
        case changeSystem(PropertyID, String, fields: [String])
        /// The document's data map for the property lacks a stored system: removed.
        case removeSystem(PropertyID, String)

        /// `+`, `-`, `~` or `!` and the change, as `accord config apply` shows it (applied only with `--yes`).
        public var description: String {
            switch self {
            case .addProperty(let id): "+ property \(id)"
            case .archiveProperty(let id): "- property \(id) (archived: its history stays)"
            case .changeProperty(let id, let fields): "~ property \(id): \(fields.joined(separator: ", "))"
            case .addPurpose(let id, let key): "+ purpose \(id)/\(key)"
            case .changePurpose(let id, let key): "~ purpose \(id)/\(key)"
            case .retirePurpose(let id, let key): "~ purpose \(id)/\(key) retired"
            case .removePurpose(let id, let key): "- purpose \(id)/\(key)"
            case .publish(let id, let keys):
                "! property \(id) needs a new policy version"
                    + (keys.isEmpty ? " (no purpose is asked again)" : "; asked again: \(keys.map(\.rawValue).joined(separator: ", "))")
            case .addSystem(let id, let key): "+ system \(id)/\(key)"
            case .changeSystem(let id, let key, let fields): "~ system \(id)/\(key): \(fields.joined(separator: ", "))"
            case .removeSystem(let id, let key): "- system \(id)/\(key)"
            }
        }
    }

    /// The changes in the order `apply` makes them: per property, purposes, fields, then its publish; archives last.
    public var changes: [Change]
    /// The properties as they will be stored.
    public var desired: [Property]
    /// The systems added or changed, as they will be stored.
    public var desiredSystems: [DataSystem] = []
    /// True when the store already matches the document.
    public var isEmpty: Bool { changes.isEmpty }
}
