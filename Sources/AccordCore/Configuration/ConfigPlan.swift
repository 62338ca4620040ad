/// What `config apply` would do: the changes between the stored configuration and a document.
public struct ConfigPlan: Sendable {
    public enum Change: Hashable, Sendable, CustomStringConvertible {
        case addProperty(PropertyID)
        case archiveProperty(PropertyID)
        case changeProperty(PropertyID, fields: [String])
        case addPurpose(PropertyID, PurposeKey)
        case changePurpose(PropertyID, PurposeKey)
        case retirePurpose(PropertyID, PurposeKey)
        case removePurpose(PropertyID, PurposeKey)
        /// A new policy version is needed; these purposes changed in substance and will be asked again.
        case publish(PropertyID, askAgain: [PurposeKey])

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
            }
        }
    }

    public var changes: [Change]
    /// The properties as they will be stored.
    public var desired: [Property]
    public var isEmpty: Bool { changes.isEmpty }
}
