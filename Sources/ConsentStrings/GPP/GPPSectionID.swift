/// A GPP section id, as listed in the GPP header, with its API prefix (e.g. 7 = `usnat`).
public struct GPPSectionID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let tcfEUv2 = Self(rawValue: 2)
    public static let tcfCAv1 = Self(rawValue: 5)
    public static let uspV1 = Self(rawValue: 6)
    public static let usNat = Self(rawValue: 7)
    public static let usCA = Self(rawValue: 8)
    public static let usVA = Self(rawValue: 9)
    public static let usCO = Self(rawValue: 10)
    public static let usUT = Self(rawValue: 11)
    public static let usCT = Self(rawValue: 12)
    public static let usFL = Self(rawValue: 13)
    public static let usMT = Self(rawValue: 14)
    public static let usOR = Self(rawValue: 15)
    public static let usTX = Self(rawValue: 16)
    public static let usDE = Self(rawValue: 17)
    public static let usIA = Self(rawValue: 18)
    public static let usNE = Self(rawValue: 19)
    public static let usNH = Self(rawValue: 20)
    public static let usNJ = Self(rawValue: 21)
    public static let usTN = Self(rawValue: 22)
    public static let usMN = Self(rawValue: 23)
    public static let usMD = Self(rawValue: 24)
    public static let usIN = Self(rawValue: 25)
    public static let usKY = Self(rawValue: 26)
    public static let usRI = Self(rawValue: 27)

    /// The API prefixes of the supported sections, indexed by id.
    static let names: [Int: String] = [
        2: "tcfeuv2", 5: "tcfcav1", 6: "uspv1", 7: "usnat", 8: "usca", 9: "usva", 10: "usco", 11: "usut",
        12: "usct", 13: "usfl", 14: "usmt", 15: "usor", 16: "ustx", 17: "usde", 18: "usia", 19: "usne",
        20: "usnh", 21: "usnj", 22: "ustn", 23: "usmn", 24: "usmd", 25: "usin", 26: "usky", 27: "usri",
    ]

    /// The sections this library decodes, in id order.
    public static let supported: [GPPSectionID] = names.keys.sorted().map(Self.init(rawValue:))

    /// The section's API prefix, or `nil` for an id this library does not know.
    public var name: String? { Self.names[rawValue] }

    /// The id whose API prefix is `name`, e.g. `usca`.
    public init?(name: String) {
        guard let id = Self.names.first(where: { $0.value == name })?.key else { return nil }
        rawValue = id
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { name ?? "section \(rawValue)" }
}
