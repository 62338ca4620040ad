import Foundation

/// The compact text forms of an event's choices and expiries, shared by the chain hash and the stores,
/// so what is hashed is exactly what is stored.
public enum ConsentEventEncoding {
    /// `{"analytics":"granted","marketing":"denied"}` with keys sorted.
    public static func choicesText(_ choices: [PurposeKey: ConsentChoice]) -> String {
        var json = JSONWriter(capacity: 24 * choices.count + 2)
        json.beginObject()
        for key in choices.keys.sorted() { json.field(key.rawValue, choices[key]!.rawValue) }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// `{"analytics":1795000000000}`: expiry times in milliseconds, keys sorted.
    public static func expiriesText(_ expiries: [PurposeKey: Date]) -> String {
        var json = JSONWriter(capacity: 32 * expiries.count + 2)
        json.beginObject()
        for key in expiries.keys.sorted() {
            json.key(key.rawValue)
            json.integer(expiries[key]!.millisecondsSince1970)
        }
        json.endObject()
        return String(decoding: json.bytes, as: UTF8.self)
    }

    /// Reads `choicesText`'s form back; throws when the text is not a JSON object of `granted` and `denied`.
    public static func choices(from text: String) throws -> [PurposeKey: ConsentChoice] {
        if let choices = CompactObjectReader.choices(text) { return choices }
        let raw = try JSONDecoder().decode([String: ConsentChoice].self, from: Data(text.utf8))
        return Dictionary(uniqueKeysWithValues: raw.map { (PurposeKey(rawValue: $0.key), $0.value) })
    }

    /// Reads `expiriesText`'s form back; throws when the text is not a JSON object of integers.
    public static func expiries(from text: String) throws -> [PurposeKey: Date] {
        if let expiries = CompactObjectReader.expiries(text) { return expiries }
        let raw = try JSONDecoder().decode([String: Int64].self, from: Data(text.utf8))
        return Dictionary(uniqueKeysWithValues: raw.map { (PurposeKey(rawValue: $0.key), Date(millisecondsSince1970: $0.value)) })
    }
}
