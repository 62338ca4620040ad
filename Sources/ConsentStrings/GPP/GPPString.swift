/// A Global Privacy Platform string: a header listing section ids, then one section per id,
/// separated by `~`.
///
/// ```swift
/// let gpp = try GPPString("DBABTA~1YNN")
/// gpp[.uspV1]   // .uspV1(1YNN)
/// ```
public struct GPPString: Hashable, Sendable {
    /// The sections in ascending id order.
    public var sections: [GPPSection]

    /// Creates a string from sections; they are kept in ascending id order.
    public init(sections: [GPPSection]) {
        self.sections = sections.sorted { $0.id < $1.id }
    }

    /// The header that lists the sections.
    public var header: GPPHeader { GPPHeader(sectionIDs: sections.map(\.id)) }

    /// The section with `id`, or `nil`.
    public subscript(id: GPPSectionID) -> GPPSection? { sections.first { $0.id == id } }

    /// Decodes a GPP string. The number of `~`-separated sections must equal the number of ids in
    /// the header (`sectionCountMismatch`), and each id must be supported (`unknownSection`).
    public init(_ string: String) throws {
        self = try string.withUTF8Bytes { try GPPString(utf8: $0) }
    }

    /// Decodes a GPP string from its UTF-8 bytes, splitting on `~` without building a `String` per part.
    init(utf8 text: UnsafeBufferPointer<UInt8>) throws {
        let separator = UInt8(ascii: "~")
        let partCount = text.occurrences(of: separator) + 1
        var header: GPPHeader?
        var sections: [GPPSection] = []
        sections.reserveCapacity(partCount - 1)
        try text.forEachPart(separatedBy: separator) { index, part in
            guard let known = header else {
                let decoded = try GPPHeader(String(decoding: part, as: UTF8.self))
                guard partCount - 1 == decoded.sectionIDs.count else {
                    throw ConsentStringError(
                        .sectionCountMismatch, "header lists \(decoded.sectionIDs.count) sections, string has \(partCount - 1)")
                }
                header = decoded
                return
            }
            let id = known.sectionIDs[index - 1]
            guard !part.isEmpty else { throw ConsentStringError(.empty, "section \(id) is empty") }
            sections.append(try GPPSection(id: id, utf8: part))
        }
        self.sections = sections
    }

    /// The header and the sections joined by `~`.
    public func encoded() throws -> String {
        try ([header.encoded()] + sections.map { try $0.encoded() }).joined(separator: "~")
    }

    /// `{"header": {...}, "sections": {"<api prefix>": {...}}}`, the iabgpp-es mapping.
    public var json: JSONValue {
        var members: [String: JSONValue] = [:]
        for section in sections { members[section.id.name ?? String(section.id.rawValue)] = section.json }
        return .object(["header": header.json, "sections": .object(members)])
    }

    /// Reads the iabgpp-es mapping; the header is rebuilt from the section names.
    public init(json: JSONValue) throws {
        guard case .object(let members)? = json["sections"] else {
            throw ConsentStringError(.invalidJSON, "a GPP string needs a 'sections' object")
        }
        self.init(
            sections: try members.map { name, value in
                guard let id = GPPSectionID(name: name) else {
                    throw ConsentStringError(.unknownSection, "'\(name)' is not a supported GPP section")
                }
                return try GPPSection(id: id, json: value)
            })
    }
}
