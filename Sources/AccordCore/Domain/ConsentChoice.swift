/// What a person said about one purpose.
public enum ConsentChoice: String, Hashable, Sendable, Codable, CaseIterable {
    case granted
    case denied
}

/// Where a consent event came from.
public enum ConsentSource: String, Hashable, Sendable, Codable, CaseIterable {
    case banner
    case preferenceCenter
    case api
    case `import`
    /// Recorded automatically because the browser sent a Global Privacy Control signal.
    case gpc
}
