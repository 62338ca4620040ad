import HTTPTypes
import Testing

@testable import AccordServer

/// The middleware chain's shortcuts answer as the general forms did: generated request ids are 32 lowercase hex
/// digits, each position taking every digit over many ids (no nibble dropped or repeated by the digit writer) and
/// accepted as caller ids would be; the HTML test of the security headers is `lowercased().hasPrefix("text/html")`;
/// the metrics' method label is the method for the seven known ones and `other` for the rest.
@Suite struct MiddlewareFastPathTests {
    @Test func generatedIDsAre32LowercaseHexDigitsCoveringEveryNibble() {
        var seen = Array(repeating: Set<Character>(), count: 32)
        var ids = Set<String>()
        for _ in 0..<2_000 {
            let id = RequestID.generate()
            #expect(id.utf8.count == 32)
            #expect(id.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(RequestID.accepting(id) == id)
            for (position, digit) in id.enumerated() { seen[position].insert(digit) }
            ids.insert(id)
        }
        #expect(ids.count == 2_000)
        #expect(seen.allSatisfy { $0.count == 16 })
    }

    @Test func htmlIsRecognisedAsByLowerCasing() {
        let types = [
            "text/html", "text/html; charset=utf-8", "TEXT/HTML", "Text/Html;charset=UTF-8", "text/htm", "text/plain",
            "application/json; charset=utf-8", "", "t", "T", "\u{212A}ext/html", "tëxt/html", "ttext/html", " text/html",
            "4ext/html", "Text/HTMLX",
        ]
        for type in types {
            #expect(
                SecurityHeadersMiddleware<AccordRequestContext>.isHTML(type) == type.lowercased().hasPrefix("text/html"),
                "\(type)")
        }
    }

    @Test func methodLabelsAreTheKnownMethodsOrOther() {
        let known: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
        for name in known.union(["get", "TRACE", "CONNECT", "PROPFIND", "Post"]) {
            let method = HTTPRequest.Method(name)!
            #expect(MetricsMiddleware<AccordRequestContext>.methodLabel(method) == (known.contains(name) ? name : "other"))
        }
    }
}
