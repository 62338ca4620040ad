import Foundation

/// The access package (issue 14 §4): `data.json` (per system, per collection, the rows with their categories, and
/// Accord's own consent history), `report.html` (what the data map says each system holds, from where, why and who
/// it goes to, then the data, every value escaped) and, for portability, one CSV per collection, in one ZIP.
public enum AccessPackage {
    /// One system's part: its data-map entry and the disclosed rows by collection.
    public struct SystemPart: Sendable {
        public var system: DataSystem
        public var collections: [String: CollectionData]

        public init(system: DataSystem, collections: [String: CollectionData]) {
            self.system = system
            self.collections = collections
        }
    }

    /// The package's files in the order they go into the ZIP (`PackageZip` in AccordServer writes it with
    /// ZIPFoundation). `accord` is Accord's own answer as JSON (nil when the requester's data is gone). `files` are
    /// added as they are, by path (manual tasks' uploads, `files/<system>/<name>`).
    public static func files(
        request: PrivacyRequest, parts: [SystemPart], accord: [UInt8]?, at time: Date, files: [String: [UInt8]] = [:]
    ) -> [(path: String, bytes: [UInt8])] {
        var entries = files.keys.sorted().map { (path: $0, bytes: files[$0]!) }
        entries.append((path: "data.json", bytes: dataJSON(request: request, parts: parts, accord: accord, at: time)))
        entries.append((path: "report.html", bytes: Array(report(request: request, parts: parts, accord: accord, at: time).utf8)))
        if request.type == .portability {
            for part in parts {
                for name in part.collections.keys.sorted() {
                    entries.append((path: "csv/\(part.system.key)/\(name).csv", bytes: Array(csv(part.collections[name]!).utf8)))
                }
            }
        }
        return entries
    }

    static func dataJSON(request: PrivacyRequest, parts: [SystemPart], accord: [UInt8]?, at time: Date) -> [UInt8] {
        var systems: [String: Any] = [:]
        for part in parts {
            var collections: [String: Any] = [:]
            for (name, data) in part.collections {
                collections[name] = [
                    "categories": data.categories.mapValues { $0.map(\.rawValue) },
                    "rows": data.rows.map { row in row.mapValues { $0.map { $0 as Any } ?? NSNull() } },
                ]
            }
            systems[part.system.key] = ["name": part.system.name, "collections": collections]
        }
        let own = accord.flatMap { try? JSONSerialization.jsonObject(with: Data($0)) } ?? NSNull()
        let document: [String: Any] = [
            "request": ["id": request.id, "type": request.type.rawValue, "property": request.property.rawValue, "generatedAt": time.rfc3339],
            "systems": systems, "accord": own,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
        return Array(data ?? Data("{}".utf8))
    }

    /// A file name safe as the last part of a path in the ZIP: letters, digits, `.`, `-` and `_` kept, anything
    /// else `_`, no leading dot, at most 100 characters.
    public static func safeName(_ name: String) -> String {
        let kept = String(
            name.unicodeScalars.map {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0)) ? Character($0) : "_"
            }.prefix(100))
        let trimmed = kept.drop { $0 == "." }
        return trimmed.isEmpty ? "file" : String(trimmed)
    }

    /// Text made safe for HTML content and attribute values.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func report(request: PrivacyRequest, parts: [SystemPart], accord: [UInt8]?, at time: Date) -> String {
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Your data</title>
            <style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin-bottom:1.5rem}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap}</style>
            </head><body>
            <h1>Your data</h1>
            <p>Request \(escaped(request.id)) (\(escaped(request.type.rawValue))), prepared \(escaped(time.rfc3339)).</p>
            <h2>What we hold, where it comes from, why, and who receives it</h2>

            """
        for part in parts {
            let system = part.system
            html += "<h3>\(escaped(system.name))</h3>\n<dl>\n"
            html += "<dt>Categories</dt><dd>\(escaped(system.categories.map(\.rawValue).joined(separator: ", ")))</dd>\n"
            html += "<dt>Sources</dt><dd>\(escaped(system.sources.joined(separator: ", ")))</dd>\n"
            html += "<dt>Purposes</dt><dd>\(escaped(system.purposes.joined(separator: ", ")))</dd>\n"
            let third = system.thirdParties.map { "\($0.name) (\($0.relation.rawValue))" }.joined(separator: ", ")
            html += "<dt>Third parties</dt><dd>\(escaped(third.isEmpty ? "none" : third))</dd>\n"
            if let retention = system.retention { html += "<dt>Retention</dt><dd>\(escaped(retention))</dd>\n" }
            html += "</dl>\n"
        }
        html += "<h2>The data</h2>\n"
        for part in parts {
            for name in part.collections.keys.sorted() {
                let data = part.collections[name]!
                let columns = data.categories.keys.sorted()
                html += "<h3>\(escaped(part.system.name)): \(escaped(name))</h3>\n<table><thead><tr>"
                for column in columns {
                    let categories = data.categories[column]!.map(\.rawValue).joined(separator: ", ")
                    html += "<th>\(escaped(column))<br><small>\(escaped(categories))</small></th>"
                }
                html += "</tr></thead><tbody>\n"
                for row in data.rows {
                    html += "<tr>" + columns.map { "<td>\(escaped((row[$0] ?? nil) ?? ""))</td>" }.joined() + "</tr>\n"
                }
                html += "</tbody></table>\n"
            }
        }
        html += "<h2>Your consent history with us</h2>\n"
        if let accord, let object = try? JSONSerialization.jsonObject(with: Data(accord)),
            let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        {
            html += "<pre>\(escaped(String(decoding: pretty, as: UTF8.self)))</pre>\n"
        } else {
            html += "<p>None is held.</p>\n"
        }
        return html + "</body></html>\n"
    }

    /// RFC 4180: a header of the columns, every field quoted.
    static func csv(_ data: CollectionData) -> String {
        let columns = data.categories.keys.sorted()
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var lines = [columns.map(field).joined(separator: ",")]
        for row in data.rows { lines.append(columns.map { field((row[$0] ?? nil) ?? "") }.joined(separator: ",")) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
