/// A consent submission as it arrives, before validation: strings as the client sent them.
public struct ConsentRequest: Hashable, Sendable, Codable {
    /// The caller's identifier for the person (a keyless caller: an SDK visitor id); pseudonymised, never stored.
    public var subject: String?
    /// Purpose key to `granted` or `denied`; purposes not named keep their state.
    public var choices: [String: String]?
    /// A `ConsentSource` raw value; nil means `banner` for a browser and `api` for a key holder.
    public var source: String?
    /// The policy version shown; nil means the property's current one.
    public var policyVersion: Int?
    /// ISO 3166-1 alpha-2 or ISO 3166-2 code; selects the region rule (regime, lifetimes).
    public var region: String?
    /// The BCP 47 tag of the language the banner was shown in.
    public var locale: String?
    /// Whether the browser sent a Global Privacy Control signal; nil counts as false.
    public var gpc: Bool?
    /// An IAB TCF v2.2 TC string; only where the property enables TCF, at most 16 KiB.
    public var tcString: String?
    /// An IAB GPP string; only where the property enables GPP, at most 16 KiB.
    public var gppString: String?
    /// 1 to 255 printable ASCII characters; a retry with the same key and request answers the first event.
    public var idempotencyKey: String?
    /// When the client says the choice was made (RFC 3339); kept beside the server's own time.
    public var clientTimestamp: String?
    /// An e-mail address for the subject, kept in the subject vault (API keys only); see `ContactRequest`.
    public var contact: ContactRequest?

    /// A submission from its fields; only `subject` and `choices` are always needed.
    public init(
        subject: String?, choices: [String: String]?, source: String? = nil, policyVersion: Int? = nil,
        region: String? = nil, locale: String? = nil, gpc: Bool? = nil, tcString: String? = nil,
        gppString: String? = nil, idempotencyKey: String? = nil, clientTimestamp: String? = nil, contact: ContactRequest? = nil
    ) {
        self.contact = contact
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
    /// The caller's IP address as text; only its /24 or /48 network is stored.
    public var address: String?
    /// The `User-Agent` header; only the browser family and major version are stored.
    public var userAgent: String?

    /// What the transport saw; a nil field leaves the matching event field empty.
    public init(address: String? = nil, userAgent: String? = nil) {
        self.address = address
        self.userAgent = userAgent
    }
}
