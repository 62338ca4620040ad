extension USSection {
    /// The iabgpp-es mapping: the version, each field as a number or a list of numbers, and for GPC
    /// sections `GpcSegmentType` (1) and `Gpc`; absent sub-sections read as their defaults.
    public var json: JSONValue {
        var members: [String: JSONValue] = [layout.versionName: .int(version)]
        var offset = 0
        for field in layout.fields {
            let slice = values[offset..<offset + field.width]
            if let count = field.count {
                let shown = mappedCount(of: field.name) ?? count
                members[field.name] = .ints(slice.prefix(shown) + Array(repeating: 0, count: max(0, shown - count)))
            } else {
                members[field.name] = .int(slice.first ?? 0)
            }
            offset += field.width
        }
        switch layout.subsection {
        case .none: break
        case .gpc:
            members["GpcSegmentType"] = .int(1)
            members["Gpc"] = .bool(gpc ?? false)
        case .list(let name, let count):
            members[name] = .ints(subsectionValues ?? Array(repeating: 0, count: count))
        }
        return .object(members)
    }

    /// The list length the mapping shows for `usnat` lists: that of the version field's layout,
    /// whatever layout the bits were read with (the reference decoder does the same).
    private func mappedCount(of name: String) -> Int? {
        guard id == .usNat, let versioned = USSectionLayout.layout(for: id, version: version) else { return nil }
        return versioned.locate(name)?.field.count
    }

    /// Reads the iabgpp-es mapping; the sub-section is always included, as the reference encoder does.
    public init(id: GPPSectionID, json: JSONValue) throws {
        let fields = try JSONFields(json, "a \(id) section")
        let versionName = id.rawValue >= GPPSectionID.usMD.rawValue ? "MspaVersion" : "Version"
        try self.init(id: id, version: try fields.int(versionName))
        values = []
        for field in layout.fields {
            if field.count == nil {
                values.append(try fields.int(field.name))
            } else {
                let list = try fields.ints(field.name)
                guard list.count == field.width else {
                    throw ConsentStringError(.invalidJSON, "'\(field.name)' must hold \(field.width) values")
                }
                values += list
            }
        }
        switch layout.subsection {
        case .none: break
        case .gpc: gpc = try fields.bool("Gpc")
        case .list(let name, _): subsectionValues = try fields.ints(name)
        }
    }
}
