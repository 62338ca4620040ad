extension USSection {
    /// The iabgpp-es mapping: the version, each field as a number or a list of numbers, and for GPC
    /// sections `GpcSegmentType` (1) and `Gpc`; absent sub-sections read as their defaults.
    public var json: JSONValue {
        var members: [String: JSONValue] = [layout.versionName: .int(version)]
        var offset = 0
        for field in layout.fields {
            let slice = values[offset..<offset + field.width]
            members[field.name] = field.count == nil ? .int(slice.first ?? 0) : .ints(slice)
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
