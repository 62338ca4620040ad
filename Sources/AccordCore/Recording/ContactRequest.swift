/// A contact point as an integrator gives it: `POST .../subjects/{subject}/contact` or `"contact"` in a consent
/// write. The address is used only once confirmed through the link e-mailed to it, unless `verified` says the
/// caller checked it already (recorded with the key that said so).
public struct ContactRequest: Hashable, Sendable, Codable {
    /// The e-mail address.
    public var email: String?
    /// True when the caller verified the address itself; nil or false sends a confirmation link.
    public var verified: Bool?

    /// A contact from its fields.
    public init(email: String?, verified: Bool? = nil) {
        self.email = email
        self.verified = verified
    }
}
