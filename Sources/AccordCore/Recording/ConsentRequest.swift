/// A consent submission as it arrives, before validation: strings as the client sent them.
public struct ConsentRequest: Hashable, Sendable, Codable {
    public var subject: String?
    public var choices: [String: String]?
    public var source: String?
    public var policyVersion: Int?
    public var region: String?
    public var locale: String?
    public var gpc: Bool?
    public var tcString: String?
    public var gppString: String?
    public var idempotencyKey: String?
    /// When the client says the choice was made (RFC 3339); kept beside the server's own time.
    public var clientTimestamp: String?

    public init(
        subject: String?, choices: [String: String]?, source: String? = nil, policyVersion: Int? = nil,
        region: String? = nil, locale: String? = nil, gpc: Bool? = nil, tcString: String? = nil,
        gppString: String? = nil, idempotencyKey: String? = nil, clientTimestamp: String? = nil
    ) {
        self.subject = subject
        self.choices = choices
        self.source = source
        self.policyVersion = policyVersion
        self.region = region
        self.locale = locale
        self.gpc = gpc
        self.tcString = tcString
        self.gppString = gppString
        self.idempotencyKey = idempotencyKey
        self.clientTimestamp = clientTimestamp
    }
}

/// What the transport knows about the caller, reduced before it reaches the event.
public struct ClientContext: Hashable, Sendable {
    public var address: String?
    public var userAgent: String?

    public init(address: String? = nil, userAgent: String? = nil) {
        self.address = address
        self.userAgent = userAgent
    }
}
