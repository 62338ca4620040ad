/// What a visitor chose in the banner's vendor layer, beside the property's own purposes: the vendors refused
/// consent, the legitimate interests objected to (per vendor and per TCF purpose), and the special features
/// opted in to. Empty means nothing beyond the purpose choices: no refusal, no objection, no opt-in.
public struct TCFChoices: Hashable, Sendable {
    public var vendorsRefused: Set<Int>
    public var vendorObjections: Set<Int>
    public var purposeObjections: Set<Int>
    public var specialFeatureOptIns: Set<Int>

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
