import ConsentStrings
import Foundation

/// Why a Global Vendor List was refused.
public enum VendorListError: Error, Hashable, Sendable {
    /// Not JSON, or JSON without the GVL's shape; the reason names the member.
    case malformed(String)
    /// A GVL of another specification version (v2 lists are no longer published).
    case unsupportedVersion(Int?)
    /// An entry whose id differs from the key it is listed under.
    case idMismatch(String)
    /// A member outside the range the TCF allows; names the member.
    case outOfRange(field: String, reason: String)

    /// The stable error code an API answer (422) or a start-up failure carries, such as `gvl_malformed`.
    public var code: String {
        switch self {
        case .malformed: "gvl_malformed"
        case .unsupportedVersion: "gvl_version_unsupported"
        case .idMismatch: "gvl_id_mismatch"
        case .outOfRange: "gvl_value_invalid"
        }
    }

    /// One line for people: what is wrong, naming the member and the range or version it must have.
    public var message: String {
        switch self {
        case .malformed(let reason): "not a Global Vendor List: \(reason)"
        case .unsupportedVersion(let version):
            "gvlSpecificationVersion \(version.map(String.init) ?? "is missing; it") must be 3 (GVL v3, TCF v2.2)"
        case .idMismatch(let path): "\(path): the id differs from the key it is listed under"
        case .outOfRange(let field, let reason): "\(field) \(reason)"
        }
    }

    /// The member at fault, where there is one.
    public var field: String? {
        switch self {
        case .malformed, .unsupportedVersion: nil
        case .idMismatch(let path): path
        case .outOfRange(let field, _): field
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
        try list.checkRanges()
        try list.checkIDs()
        return list
    }

    /// What a TC string can carry (TCF v2.2 technical specification, "TC String Format", core segment):
    /// `VendorListVersion` is 12 bits and 0 is not a version, `TcfPolicyVersion` is 6 bits, and TCF v2.2 is policy
    /// version 4 onwards (GVL v3 lists carry 4, since 2024 5; `TCString.minimumPolicyVersion`).
    public static let vendorListVersions = 1...4095
    /// The `TcfPolicyVersion` values a TCF v2.2 list may carry: from `TCString.minimumPolicyVersion` to 63 (6 bits).
    public static let tcfPolicyVersions = TCString.minimumPolicyVersion...63

    private func checkRanges() throws(VendorListError) {
        guard Self.vendorListVersions.contains(vendorListVersion) else {
            throw .outOfRange(field: "vendorListVersion", reason: "must be 1 to 4095 (12 bits in a TC string)")
        }
        guard Self.tcfPolicyVersions.contains(tcfPolicyVersion) else {
            throw .outOfRange(
                field: "tcfPolicyVersion",
                reason: "must be \(Self.tcfPolicyVersions.lowerBound) to \(Self.tcfPolicyVersions.upperBound) (TCF v2.2)")
        }
    }

    /// Checks a list decoded some other way (from an export line) as `parse` does: the specification version,
    /// and every entry listed under its own id.
    func check() throws(VendorListError) {
        guard gvlSpecificationVersion == Self.specificationVersion else { throw .unsupportedVersion(gvlSpecificationVersion) }
        try checkRanges()
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
