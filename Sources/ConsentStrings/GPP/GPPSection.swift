/// One decoded GPP section.
public enum GPPSection: Hashable, Sendable {
    /// Section 2, `tcfeuv2`: an IAB TCF v2 TC string.
    case tcfEUv2(TCString)
    /// Section 5, `tcfcav1`: a TCF Canada string.
    case tcfCAv1(TCFCanadaString)
    /// Section 6, `uspv1`: a US Privacy string.
    case uspV1(USPrivacyString)
    /// Sections 7 to 27: the US national and state sections.
    case us(USSection)

    /// The section's id.
    public var id: GPPSectionID {
        switch self {
        case .tcfEUv2: .tcfEUv2
        case .tcfCAv1: .tcfCAv1
        case .uspV1: .uspV1
        case .us(let section): section.id
        }
    }

    /// Decodes the text of section `id` (the part between `~` separators).
    public init(id: GPPSectionID, string: String) throws {
        switch id {
        case .tcfEUv2: self = .tcfEUv2(try TCString(string))
        case .tcfCAv1: self = .tcfCAv1(try TCFCanadaString(string))
        case .uspV1: self = .uspV1(try USPrivacyString(string))
        case _ where USSectionLayout.isUS(id): self = .us(try USSection(id: id, string: string))
        default: throw ConsentStringError(.unknownSection, "GPP section id \(id.rawValue) is not supported")
        }
    }

    /// Decodes section `id` from the UTF-8 bytes of its text; a TC string is read in place.
    init(id: GPPSectionID, utf8 text: UnsafeBufferPointer<UInt8>) throws {
        if id == .tcfEUv2 {
            self = .tcfEUv2(try TCString(utf8: text))
        } else {
            try self.init(id: id, string: String(decoding: text, as: UTF8.self))
        }
    }

    /// The section's text.
    public func encoded() throws -> String {
        switch self {
        case .tcfEUv2(let tc): try tc.encoded()
        case .tcfCAv1(let ca): try ca.encoded()
        case .uspV1(let usp): try usp.encoded()
        case .us(let section): try section.encoded()
        }
    }

    /// The iabgpp-es field mapping of the section.
    public var json: JSONValue {
        switch self {
        case .tcfEUv2(let tc): tc.gppJSON
        case .tcfCAv1(let ca): ca.json
        case .uspV1(let usp): usp.json
        case .us(let section): section.json
        }
    }

    /// Reads the iabgpp-es field mapping of section `id`.
    public init(id: GPPSectionID, json: JSONValue) throws {
        switch id {
        case .tcfEUv2: self = .tcfEUv2(try TCString(gppJSON: json))
        case .tcfCAv1: self = .tcfCAv1(try TCFCanadaString(json: json))
        case .uspV1: self = .uspV1(try USPrivacyString(json: json))
        case _ where USSectionLayout.isUS(id): self = .us(try USSection(id: id, json: json))
        default: throw ConsentStringError(.unknownSection, "GPP section id \(id.rawValue) is not supported")
        }
    }
}
