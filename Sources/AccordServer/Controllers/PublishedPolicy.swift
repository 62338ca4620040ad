import AccordCore

/// The answer to publishing: the version's own fields, and `warnings`, what publishing went ahead despite
/// (`Property.publishWarnings`: a locale without a privacy-policy URL).
struct PublishedPolicy: Encodable {
    let version: PolicyVersion
    let warnings: [String]

    private enum CodingKeys: String, CodingKey { case warnings }

    func encode(to encoder: any Encoder) throws {
        try version.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(warnings, forKey: .warnings)
    }
}
