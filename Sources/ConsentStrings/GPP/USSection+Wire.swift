extension USSection {
    /// Decodes section `id` from its text: the core segment and an optional sub-section after `.`.
    public init(id: GPPSectionID, string: String) throws {
        let parts = string.split(separator: ".", omittingEmptySubsequences: false)
        guard let first = parts.first, !first.isEmpty else { throw ConsentStringError(.empty, "empty \(id) section") }
        var reader = try BitReader(base64URL: first)
        let version = try reader.readInt(6)
        guard var layout = USSectionLayout.layout(for: id, version: version) else {
            throw ConsentStringError(.unsupportedVersion, "\(id) version \(version) is not known", bitOffset: 0)
        }
        if id == .usNat {
            // The bits, not the version field, tell the layout: strings written before the 16/3 lists
            // (and some later ones with version 2) are too short for them.
            layout = reader.bitCount >= 6 + 2 * USSectionLayout.usNatV2.valueCount ? .usNatV2 : .usNatV1
        }
        self.id = id
        self.version = version
        self.layout = layout
        values = try reader.readList(count: layout.valueCount, width: 2)
        guard parts.count > 1 else { return }
        guard parts.count == 2, !parts[1].isEmpty else {
            throw ConsentStringError(.invalidSegmentType, "\(id) has at most one non-empty sub-section")
        }
        var sub = try BitReader(base64URL: parts[1])
        switch layout.subsection {
        case .none:
            throw ConsentStringError(.invalidSegmentType, "\(id) has no sub-section")
        case .gpc:
            let type = try sub.readInt(2)
            guard type == 1 else {
                throw ConsentStringError(.invalidSegmentType, "sub-section type \(type) is not GPC (1)", bitOffset: 0)
            }
            gpc = try sub.readBool()
        case .list(_, let count):
            subsectionValues = try sub.readList(count: count, width: 2)
        }
    }

    /// Encodes the core segment and, when present, the sub-section.
    public func encoded() throws -> String {
        var core = BitWriter()
        try core.write(version, width: 6)
        guard values.count == layout.valueCount else {
            throw ConsentStringError(.invalidValue, "\(id) needs \(layout.valueCount) values, has \(values.count)")
        }
        try core.writeList(values, width: 2)
        var text = core.base64URL(padding: .compressed)
        var sub = BitWriter()
        switch layout.subsection {
        case .gpc:
            guard let gpc else { return text }
            try sub.write(1, width: 2)
            sub.write(gpc)
        case .list(_, let count):
            guard let subsectionValues else { return text }
            guard subsectionValues.count == count else {
                throw ConsentStringError(.invalidValue, "\(id) sub-section needs \(count) values")
            }
            try sub.writeList(subsectionValues, width: 2)
        case .none:
            return text
        }
        text += "." + sub.base64URL(padding: .compressed)
        return text
    }
}
