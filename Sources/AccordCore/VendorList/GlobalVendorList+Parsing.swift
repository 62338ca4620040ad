import Foundation

/// Why a Global Vendor List was refused.
public enum VendorListError: Error, Hashable, Sendable {
    /// Not JSON, or JSON without the GVL's shape; the reason names the member.
    case malformed(String)
    /// A GVL of another specification version (v2 lists are no longer published).
    case unsupportedVersion(Int?)
    /// An entry whose id differs from the key it is listed under.
    case idMismatch(String)

    public var code: String {
        switch self {
        case .malformed: "gvl_malformed"
        case .unsupportedVersion: "gvl_version_unsupported"
        case .idMismatch: "gvl_id_mismatch"
        }
    }

    public var message: String {
        switch self {
        case .malformed(let reason): "not a Global Vendor List: \(reason)"
        case .unsupportedVersion(let version):
            "gvlSpecificationVersion \(version.map(String.init) ?? "is missing; it") must be 3 (GVL v3, TCF v2.2)"
        case .idMismatch(let path): "\(path): the id differs from the key it is listed under"
        }
    }
}

extension GlobalVendorList {
    /// Reads a GVL v3 JSON document (as the IAB publishes it at `vendor-list.consensu.org/v3/vendor-list.json`).
    /// Members this type does not keep are ignored; missing id lists read as empty.
    public static func parse(_ data: Data) throws(VendorListError) -> GlobalVendorList {
        let version: Int?
        do {
            version = try JSONDecoder().decode(VersionProbe.self, from: data).gvlSpecificationVersion
        } catch {
            throw .malformed(Self.reason(error))
        }
        guard version == specificationVersion else { throw .unsupportedVersion(version) }
        let list: GlobalVendorList
        do {
            list = try JSONDecoder().decode(GlobalVendorList.self, from: data)
        } catch {
            throw .malformed(Self.reason(error))
        }
        try list.checkIDs()
        return list
    }

    /// Checks a list decoded some other way (from an export line) as `parse` does: the specification version,
    /// and every entry listed under its own id.
    func check() throws(VendorListError) {
        guard gvlSpecificationVersion == Self.specificationVersion else { throw .unsupportedVersion(gvlSpecificationVersion) }
        try checkIDs()
    }

    private func checkIDs() throws(VendorListError) {
        let groups = [
            ("purposes", purposes), ("specialPurposes", specialPurposes), ("features", features),
            ("specialFeatures", specialFeatures),
        ]
        for (name, declarations) in groups {
            for (key, declaration) in declarations where key != declaration.id { throw .idMismatch("\(name).\(key)") }
        }
        for (key, vendor) in vendors where key != vendor.id { throw .idMismatch("vendors.\(key)") }
    }

    private struct VersionProbe: Decodable {
        var gvlSpecificationVersion: Int?
    }

    private static func reason(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "the body is not JSON" }
        func path(_ keys: [any CodingKey]) -> String { keys.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty: return "the body is not a JSON object"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context) where context.codingPath.isEmpty: return "the body is not JSON"
        case .dataCorrupted(let context): return "\(path(context.codingPath)) is invalid"
        @unknown default: return "the document cannot be read"
        }
    }
}
