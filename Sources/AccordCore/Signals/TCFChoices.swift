/// What a visitor chose in the banner's vendor layer, beside the property's own purposes: the vendors refused
/// consent, the legitimate interests objected to (per vendor and per TCF purpose), and the special features
/// opted in to. Empty means nothing beyond the purpose choices: no refusal, no objection, no opt-in.
public struct TCFChoices: Hashable, Sendable {
    /// GVL ids of the vendors the visitor refused consent to.
    public var vendorsRefused: Set<Int>
    /// GVL ids of the vendors whose legitimate interest the visitor objected to.
    public var vendorObjections: Set<Int>
    /// TCF purposes (1 to 11) whose legitimate interest the visitor objected to, for every vendor.
    public var purposeObjections: Set<Int>
    /// Special feature ids the visitor opted in to (1 to 12, the bits a TC string has for them).
    public var specialFeatureOptIns: Set<Int>

    /// Choices from the vendor layer; the defaults mean nothing beyond the purpose choices.
    public init(
        vendorsRefused: Set<Int> = [], vendorObjections: Set<Int> = [], purposeObjections: Set<Int> = [],
        specialFeatureOptIns: Set<Int> = []
    ) {
        self.vendorsRefused = vendorsRefused
        self.vendorObjections = vendorObjections
        self.purposeObjections = purposeObjections
        self.specialFeatureOptIns = specialFeatureOptIns
    }
}

extension GlobalVendorList {
    /// The vendors a property discloses: those it selected (`tcfVendors`), or every vendor, without the
    /// deleted ones, in id order.
    public func disclosedVendors(for property: Property) -> [Vendor] {
        let live = vendors.values.filter { $0.deletedDate == nil }
        let selected = property.tcfVendors.isEmpty ? live : live.filter { Set(property.tcfVendors).contains($0.id) }
        return selected.sorted { $0.id < $1.id }
    }
}
