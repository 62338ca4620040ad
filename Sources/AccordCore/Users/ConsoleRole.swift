/// What a console user may do. Each console route group demands one `ConsoleCapability`, and a role grants a
/// fixed set of them (`grants(_:)`), so who may do what is one table, not a check in every handler.
public enum ConsoleRole: String, Hashable, Sendable, Codable, CaseIterable {
    /// Everything, including users and API keys.
    case owner
    /// Configuration: properties, purposes, texts, policies.
    case editor
    /// Subject look-up and (when they land) data-subject requests; no configuration.
    case agent
    /// Read-only everywhere, audit reports included; never a change.
    case auditor

    /// Whether the role may use routes that demand `capability`.
    public func grants(_ capability: ConsoleCapability) -> Bool {
        switch capability {
        case .view: true
        case .subjects: self != .editor
        case .configure: self == .owner || self == .editor
        case .administer: self == .owner
        case .requests: self == .owner || self == .agent
        }
    }
}

/// What a console page or form needs, as the route group it is registered in.
public enum ConsoleCapability: String, Hashable, Sendable, Codable, CaseIterable {
    /// Reading reports, configuration and the audit trail; signing out. Every role.
    case view
    /// Looking up a subject's consent (support answering "what did I agree to?"). Owners, agents and auditors.
    case subjects
    /// Changing configuration. Owners and editors.
    case configure
    /// Managing users and API keys. Owners only.
    case administer
    /// Acting on data-subject requests (assign, note, move, extend, record a verification). Owners and agents;
    /// reading them needs `subjects`, so auditors read the queue and editors see neither.
    case requests
}
