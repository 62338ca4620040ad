/// An IAB TCF v2 Transparency and Consent string: the core segment's fields and the optional
/// segments that followed it, in wire order.
///
/// Decoding reads what the bits say and nothing more; policy checks live in ``validate()``.
///
/// ```swift
/// let tc = try TCString("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA")
/// tc.vendorConsents.contains(4)   // true
/// let text = try tc.encoded()
/// ```
public struct TCString: Hashable, Sendable {
    /// The encoding version (6 bits); this library decodes version 2.
    public var version: Int = 2
    /// When the string was first created (36 bits of deciseconds).
    public var created: Timestamp
    /// When the string was last updated.
    public var lastUpdated: Timestamp
    /// The consent management platform's registered id (12 bits).
    public var cmpID: Int = 0
    /// The CMP's own version (12 bits).
    public var cmpVersion: Int = 0
    /// The CMP screen on which consent was collected (6 bits).
    public var consentScreen: Int = 0
    /// The two-letter language of the consent UI, upper case.
    public var consentLanguage: String = "EN"
    /// The Global Vendor List version used (12 bits).
    public var vendorListVersion: Int = 0
    /// The TCF policy version (6 bits); 4 is TCF v2.2, 5 is v2.3.
    public var policyVersion: Int = 4
    /// Whether the signals apply to this service only.
    public var isServiceSpecific: Bool = true
    /// Whether non-standard texts (stacks) were shown.
    public var useNonStandardTexts: Bool = false
    /// Special features opted in (12 bits).
    public var specialFeatureOptIns: IDSet = []
    /// Purposes consented to (24 bits).
    public var purposeConsents: IDSet = []
    /// Purposes whose legitimate interest was disclosed and not objected to (24 bits).
    public var purposeLegitimateInterests: IDSet = []
    /// Whether purpose 1 was not disclosed (publisher country rules).
    public var purposeOneTreatment: Bool = false
    /// The publisher's two-letter country code.
    public var publisherCountryCode: String = "AA"
    /// Vendors consented to.
    public var vendorConsents: IDSet = []
    /// Vendors whose legitimate interest was disclosed and not objected to.
    public var vendorLegitimateInterests: IDSet = []
    /// Publisher restrictions, in wire order.
    public var publisherRestrictions: [PublisherRestriction] = []
    /// The segments after the core, in wire order.
    public var segments: [TCSegment] = []

    /// Creates a string whose created and last-updated times are `created`.
    public init(created: Timestamp, lastUpdated: Timestamp? = nil) {
        self.created = created
        self.lastUpdated = lastUpdated ?? created
    }

    /// The disclosed-vendors segment (type 1), or `nil` when absent.
    public var disclosedVendors: IDSet? {
        get {
            for case .disclosedVendors(let ids) in segments { return ids }
            return nil
        }
        set { segments.replace(type: 1, with: newValue.map(TCSegment.disclosedVendors)) }
    }

    /// The allowed-vendors segment (type 2), or `nil` when absent.
    public var allowedVendors: IDSet? {
        get {
            for case .allowedVendors(let ids) in segments { return ids }
            return nil
        }
        set { segments.replace(type: 2, with: newValue.map(TCSegment.allowedVendors)) }
    }

    /// The publisher TC segment (type 3), or `nil` when absent.
    public var publisherTC: PublisherTC? {
        get {
            for case .publisherTC(let segment) in segments { return segment }
            return nil
        }
        set { segments.replace(type: 3, with: newValue.map(TCSegment.publisherTC)) }
    }
}
