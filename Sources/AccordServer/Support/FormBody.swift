import Foundation
import Hummingbird

/// `application/x-www-form-urlencoded` bodies, with repeated fields (checkboxes) kept as lists.
enum FormBody {
    static func fields(of request: Request, context: some RequestContext) async throws -> [String: [String]] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        return parse(String(buffer: buffer))
    }

    static func parse(_ text: String) -> [String: [String]] {
        var fields: [String: [String]] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            fields[decode(parts[0]), default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
        return fields
    }
}
