import Foundation

/// One answer of a submission: `true`/`false` for a purpose or preference, text for a field (`YYYY-MM-DD` for a
/// date), `{"name", "attested"}` for a signature.
public enum FormAnswer: Hashable, Sendable, Codable {
    /// A purpose or preference: granted or not.
    case choice(Bool)
    /// A field's text.
    case text(String)
    /// A signature block: the typed full name and whether the attestation was ticked.
    case signature(name: String, attested: Bool)

    private struct Signature: Codable {
        var name: String?
        var attested: Bool?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .choice(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else {
            let signature = try container.decode(Signature.self)
            self = .signature(name: signature.name ?? "", attested: signature.attested ?? false)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .choice(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .signature(let name, let attested): try container.encode(Signature(name: name, attested: attested))
        }
    }
}

/// The parent or guardian who confirms for a person under the form's minimum age.
public struct FormGuardian: Hashable, Sendable, Codable {
    /// Their full name.
    public var name: String?
    /// The address the confirmation link is sent to.
    public var email: String?

    /// A guardian from their details.
    public init(name: String?, email: String?) {
        self.name = name
        self.email = email
    }
}
