import Foundation

/// A delivered message taken apart the way a mail reader would: unfolded headers and decoded MIME parts.
struct DeliveredMessage {
    var headers: [String: String] = [:]
    var parts: [String: String] = [:]

    init(_ raw: String) {
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.components(separatedBy: "\n\n")
        let head = split[0].replacingOccurrences(of: "\n ", with: " ")
        for line in head.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon]).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = split.dropFirst().joined(separator: "\n\n")
        guard let type = headers["content-type"], let range = type.range(of: "boundary=\"") else { return }
        let boundary = String(type[range.upperBound...].prefix { $0 != "\"" })
        for chunk in body.components(separatedBy: "--" + boundary).dropFirst() where !chunk.hasPrefix("--") {
            let pieces = chunk.drop { $0 == "\n" }.components(separatedBy: "\n\n")
            let partType =
                pieces[0].split(separator: "\n").first { $0.lowercased().hasPrefix("content-type:") }
                .map { String($0.dropFirst(13)).trimmingCharacters(in: .whitespaces).components(separatedBy: ";")[0] } ?? ""
            var content = pieces.dropFirst().joined(separator: "\n\n")
            if content.hasSuffix("\n") { content.removeLast() }
            parts[partType] = Self.decodeQuotedPrintable(content)
        }
    }

    static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
                let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An RFC 2047 header value decoded (UTF-8 base64 words only, which is all Accord writes).
    static func decodeHeader(_ value: String) -> String {
        value.components(separatedBy: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?="),
                let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))
            else { return word + " " }
            return String(decoding: data, as: UTF8.self)
        }.joined().trimmingCharacters(in: .whitespaces)
    }
}
