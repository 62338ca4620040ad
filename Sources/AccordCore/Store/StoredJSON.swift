import Foundation

/// The JSON form of the documents a store keeps in a column (property configurations, policy version snapshots,
/// vendor lists), for every backend: keys sorted, slashes unescaped, dates as integer milliseconds. Databases
/// written by earlier versions hold these bytes, so the settings stay as they are.
public enum StoredJSON {
    /// The stored text of `value`; throws only when `value` itself cannot be encoded.
    public static func text(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Reads a stored document; one that does not decode was edited by hand or written by something else, and
    /// is reported as `StoreError.corrupt` naming `what` (never the document, which may hold personal data).
    public static func decode<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("a stored \(what) cannot be read")
        }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return encoder
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
