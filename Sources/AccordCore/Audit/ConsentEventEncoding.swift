import Foundation

/// The compact text forms of an event's choices and expiries, shared by the chain hash and the stores,
/// so what is hashed is exactly what is stored.
public enum ConsentEventEncoding {
    /// `{"analytics":"granted","marketing":"denied"}` with keys sorted.
    public static func choicesText(_ choices: [PurposeKey: ConsentChoice]) -> String {
        object(choices.keys.sorted().map { ($0.rawValue, "\"\(choices[$0]!.rawValue)\"") })
    }

    /// `{"analytics":1795000000000}`: expiry times in milliseconds, keys sorted.
    public static func expiriesText(_ expiries: [PurposeKey: Date]) -> String {
        object(expiries.keys.sorted().map { ($0.rawValue, String(expiries[$0]!.millisecondsSince1970)) })
    }

    public static func choices(from text: String) throws -> [PurposeKey: ConsentChoice] {
        let raw = try JSONDecoder().decode([String: ConsentChoice].self, from: Data(text.utf8))
        return Dictionary(uniqueKeysWithValues: raw.map { (PurposeKey(rawValue: $0.key), $0.value) })
    }

    public static func expiries(from text: String) throws -> [PurposeKey: Date] {
        let raw = try JSONDecoder().decode([String: Int64].self, from: Data(text.utf8))
        return Dictionary(uniqueKeysWithValues: raw.map { (PurposeKey(rawValue: $0.key), Date(millisecondsSince1970: $0.value)) })
    }

    private static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { "\(jsonString($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    /// Purpose keys are validated identifiers, but escape anyway so the text is always valid JSON.
    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
