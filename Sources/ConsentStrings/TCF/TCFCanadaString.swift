/// A TCF Canada v1 string, GPP section 5 (`tcfcav1`): a core segment with express and implied
/// consent signals, then optional disclosed-vendors (type 1) and publisher purposes (type 3)
/// segments.
public struct TCFCanadaString: Hashable, Sendable {
    /// The encoding version (6 bits); 1.
    public var version: Int = 1
    /// When the string was first created.
    public var created: Timestamp
    /// When the string was last updated.
    public var lastUpdated: Timestamp
    /// The CMP's registered id (12 bits).
    public var cmpID: Int = 0
    /// The CMP's own version (12 bits).
    public var cmpVersion: Int = 0
    /// The CMP screen on which consent was collected (6 bits).
    public var consentScreen: Int = 0
    /// The two-letter language of the consent UI.
    public var consentLanguage: String = "EN"
    /// The Global Vendor List version used (12 bits).
    public var vendorListVersion: Int = 0
    /// The TCF Canada policy version (6 bits).
    public var policyVersion: Int = 1
    /// Whether non-standard stacks were shown.
    public var useNonStandardStacks: Bool = false
    /// Special features with express consent (12 bits).
    public var specialFeatureExpressConsents: IDSet = []
    /// Purposes with express consent (24 bits).
    public var purposeExpressConsents: IDSet = []
    /// Purposes with implied consent (24 bits).
    public var purposeImpliedConsents: IDSet = []
    /// Vendors with express consent.
    public var vendorExpressConsents: IDSet = []
    /// Vendors with implied consent.
    public var vendorImpliedConsents: IDSet = []
    /// Publisher restrictions, in wire order.
    public var publisherRestrictions: [PublisherRestriction] = []
    /// The segments after the core, in wire order (disclosed vendors, publisher purposes).
    public var segments: [TCSegment] = []

    /// Creates a string whose created and last-updated times are `created`.
    public init(created: Timestamp, lastUpdated: Timestamp? = nil) {
        self.created = created
        self.lastUpdated = lastUpdated ?? created
    }

    /// The disclosed-vendors segment, or `nil` when absent.
    public var disclosedVendors: IDSet? {
        get {
            for case .disclosedVendors(let ids) in segments { return ids }
            return nil
        }
        set { segments.replace(type: 1, with: newValue.map(TCSegment.disclosedVendors)) }
    }

    /// The publisher purposes segment (express/implied consent), or `nil` when absent.
    public var publisherPurposes: PublisherTC? {
        get {
            for case .publisherTC(let segment) in segments { return segment }
            return nil
        }
        set { segments.replace(type: 3, with: newValue.map(TCSegment.publisherTC)) }
    }
}
