import Foundation

/// A webhook connector's `data` (issue 14 §1) as collections for the access package: every member whose value is
/// a list of objects is a collection of rows; the other members form one row of the collection `data`. Values are
/// shown as text (nested values as compact JSON), like the SQL connectors' rows.
public enum ConnectorData {
    /// The collections of a `data` object given as JSON; empty for anything but an object.
    public static func collections(fromJSON bytes: [UInt8]) -> [String: CollectionData] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? [String: Any] else {
            return [:]
        }
        var collections: [String: CollectionData] = [:]
        var loose: [String: String?] = [:]
        for (key, value) in object {
            if let rows = value as? [[String: Any]], !rows.isEmpty {
                collections[key] = CollectionData(categories: [:], rows: rows.map { $0.mapValues(text) })
            } else {
                loose[key] = .some(text(value))
            }
        }
        if !loose.isEmpty {
            collections["data", default: CollectionData(categories: [:], rows: [])].rows.append(loose)
        }
        return collections
    }

    /// A free-text result as a collection `result` with one row.
    public static func result(_ text: String) -> [String: CollectionData] {
        ["result": CollectionData(categories: [:], rows: [["text": text]])]
    }

    static func text(_ value: Any) -> String? {
        switch value {
        case is NSNull: return nil
        case let string as String: return string
        default:
            // Numbers and Booleans too: JSON keeps `true` apart from `1`.
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
            return data.map { String(decoding: $0, as: UTF8.self) }
        }
    }
}
