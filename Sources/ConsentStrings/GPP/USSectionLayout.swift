/// The bit layout of one version of a GPP US section: a 6-bit version, then 2-bit fields and lists of
/// 2-bit fields, then an optional sub-section.
public struct USSectionLayout: Hashable, Sendable {
    /// A core field after the version.
    public struct Field: Hashable, Sendable {
        /// The iabgpp-es field name, e.g. `SaleOptOut`.
        public let name: String
        /// The number of 2-bit values; `nil` for a single value (mapped to a number, not a list).
        public let count: Int?

        /// The number of 2-bit values the field occupies.
        public var width: Int { count ?? 1 }
    }

    /// What may follow the core segment after a `.`.
    public enum Subsection: Hashable, Sendable {
        /// Nothing.
        case none
        /// The Global Privacy Control segment: a 2-bit sub-section type (1) and a GPC bit.
        case gpc
        /// A list of 2-bit values without a type prefix (`usin`, `usky`, `usri`).
        case list(name: String, count: Int)
    }

    /// The name of the version field: `Version`, or `MspaVersion` for the newest state sections.
    public let versionName: String
    /// The core fields after the version, in wire order.
    public let fields: [Field]
    /// The optional second segment.
    public let subsection: Subsection

    /// The number of 2-bit values in the core segment.
    var valueCount: Int { fields.reduce(0) { $0 + $1.width } }

    /// The offset of `name` among the core values, and its field.
    func locate(_ name: String) -> (offset: Int, field: Field)? {
        var offset = 0
        for field in fields {
            if field.name == name { return (offset, field) }
            offset += field.width
        }
        return nil
    }

    init(versionName: String = "Version", _ spec: String, subsection: Subsection) {
        self.versionName = versionName
        self.fields = spec.split(separator: " ").map { token in
            let parts = token.split(separator: ":")
            return Field(name: String(parts[0]), count: parts.count > 1 ? Int(parts[1]) : nil)
        }
        self.subsection = subsection
    }
}
