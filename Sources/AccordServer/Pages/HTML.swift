import HTTPTypes
import Hummingbird
import NIOCore

/// A rendered page with the Content-Security-Policy it was written for.
struct HTMLPage {
    var text: String
    var policy: ContentSecurityPolicy
}

/// Helpers for the server-rendered pages: escaping and the HTML response.
enum HTML {
    /// Escapes text for element content and quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page with its policy; `SecurityHeadersMiddleware` adds the other headers.
    static func response(_ page: HTMLPage, status: HTTPResponse.Status = .ok) -> Response {
        var response = response(page.text, status: status)
        response.headers[.contentSecurityPolicy] = page.policy.headerValue
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xRobotsTag = HTTPField.Name("X-Robots-Tag")!
}
