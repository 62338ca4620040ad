import ConsentStrings

/// Decodes a vector string the way its `kind`/`section` says: a whole GPP string, the header
/// alone, or one section's text.
enum GPPSubject: Equatable {
    case gpp(GPPString)
    case header(GPPHeader)
    case section(GPPSection)

    init(_ vector: Vector) throws {
        switch vector.kind {
        case "gpp": self = .gpp(try GPPString(vector.string))
        case "header": self = .header(try GPPHeader(vector.string))
        default:
            guard let name = vector.section else { throw ConsentStringError(.unknownSection, "no section name") }
            if name == "header" {
                self = .header(try GPPHeader(vector.string))
            } else {
                guard let id = GPPSectionID(name: name) else { throw ConsentStringError(.unknownSection, name) }
                self = .section(try GPPSection(id: id, string: vector.string))
            }
        }
    }

    var json: JSONValue {
        switch self {
        case .gpp(let gpp): gpp.json
        case .header(let header): header.json
        case .section(let section): section.json
        }
    }

    func encoded() throws -> String {
        switch self {
        case .gpp(let gpp): try gpp.encoded()
        case .header(let header): try header.encoded()
        case .section(let section): try section.encoded()
        }
    }

    /// Decodes `text` as the same kind of subject.
    func decodeAgain(_ text: String) throws -> GPPSubject {
        switch self {
        case .gpp: .gpp(try GPPString(text))
        case .header: .header(try GPPHeader(text))
        case .section(let section): .section(try GPPSection(id: section.id, string: text))
        }
    }

    /// Builds the subject from its JSON mapping.
    func fromJSON(_ json: JSONValue) throws -> GPPSubject {
        switch self {
        case .gpp: .gpp(try GPPString(json: json))
        case .header: self
        case .section(let section): .section(try GPPSection(id: section.id, json: json))
        }
    }
}
