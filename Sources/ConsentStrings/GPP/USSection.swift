/// A GPP US national or state section (`usnat`, `usca`, … `usri`), read through its
/// ``USSectionLayout``.
///
/// Values are the raw 2-bit numbers (0 = not applicable, 1 and 2 per field meaning); decoding does
/// not judge them.
public struct USSection: Hashable, Sendable {
    /// Which section this is.
    public let id: GPPSectionID
    /// The section version (6 bits).
    public let version: Int
    /// The layout for ``id`` at ``version``.
    public let layout: USSectionLayout
    /// The core 2-bit values in layout order.
    public var values: [Int]
    /// The Global Privacy Control bit; `nil` when the GPC sub-section is absent.
    public var gpc: Bool?
    /// The values of a list sub-section (`usin`, `usky`, `usri`); `nil` when absent.
    public var subsectionValues: [Int]?

    /// Creates a section with every value 0 except `MspaCoveredTransaction` = 1, and every defined
    /// sub-section present, as the reference encoder does.
    public init(id: GPPSectionID, version: Int = 1) throws {
        guard let layout = USSectionLayout.layout(for: id, version: version) else {
            throw ConsentStringError(.unsupportedVersion, "\(id) version \(version) is not known")
        }
        self.id = id
        self.version = version
        self.layout = layout
        values = Array(repeating: 0, count: layout.valueCount)
        switch layout.subsection {
        case .none: break
        case .gpc: gpc = false
        case .list(_, let count): subsectionValues = Array(repeating: 0, count: count)
        }
        self["MspaCoveredTransaction"] = [1]
    }

    /// The values of the field `name` (one value for a single field), or `nil` for an unknown name.
    public subscript(name: String) -> [Int]? {
        get {
            if case .list(name, let count) = layout.subsection {
                return subsectionValues ?? Array(repeating: 0, count: count)
            }
            guard let (offset, field) = layout.locate(name) else { return nil }
            return Array(values[offset..<offset + field.width])
        }
        set {
            guard let newValue else { return }
            if case .list(name, _) = layout.subsection {
                subsectionValues = newValue
            } else if let (offset, field) = layout.locate(name), newValue.count == field.width {
                values.replaceSubrange(offset..<offset + field.width, with: newValue)
            }
        }
    }
}
