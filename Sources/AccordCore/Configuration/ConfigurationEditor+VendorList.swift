extension ConfigurationEditor {
    /// The audit action of a vendor list change; an import matches moved lists against these entries.
    public static let vendorListUpdateAction = "gvl.update"

    /// Replaces the property's Global Vendor List, audited as `gvl.update` with a summary of the lists before
    /// and after (versions, vendor count, SHA-256 of the stored form) rather than the whole documents.
    @discardableResult
    public func replaceGVL(_ list: GlobalVendorList, of id: PropertyID, by actor: String) async throws -> GlobalVendorList {
        _ = try await load(id)
        let before = try await store.gvl(of: id)
        let entry = AuditEntry(
            property: id, actor: actor, action: Self.vendorListUpdateAction, target: String(list.vendorListVersion),
            before: before.map(Self.summary), after: Self.summary(list), at: now())
        try await store.saveGVL(list, of: id, audit: entry)
        didChange(id)
        return list
    }

    static func summary(_ list: GlobalVendorList) -> String {
        struct Summary: Encodable {
            var gvlSpecificationVersion, vendorListVersion, tcfPolicyVersion, vendorCount: Int
            var lastUpdated, sha256: String
        }
        return AuditEntry.canonicalJSON(
            Summary(
                gvlSpecificationVersion: list.gvlSpecificationVersion, vendorListVersion: list.vendorListVersion,
                tcfPolicyVersion: list.tcfPolicyVersion, vendorCount: list.vendors.count, lastUpdated: list.lastUpdated,
                sha256: ContentDigest.sha256Hex(AuditEntry.canonicalJSON(list).utf8)))
    }
}
