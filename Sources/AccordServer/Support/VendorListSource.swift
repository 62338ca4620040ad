import AccordCore

/// The vendor list in force for a property: its own, else the one read from `tcf.gvlPath` at start.
struct VendorListSource: Sendable {
    let store: any ConsentStore
    let fallback: GlobalVendorList?

    func list(for property: PropertyID) async throws -> GlobalVendorList? {
        if let store = store as? any ConfigurationStore, let own = try await store.gvl(of: property) { return own }
        return fallback
    }
}
