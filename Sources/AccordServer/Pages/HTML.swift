import HTTPTypes
import Hummingbird
import NIOCore

/// A rendered page with the Content-Security-Policy it was written for.
struct HTMLPage {
    var text: String
    var policy: ContentSecurityPolicy
}

/// The HTML response of a rendered page.
enum HTML {
    /// The page with its policy; `SecurityHeadersMiddleware` adds the other headers.
    static func response(_ page: HTMLPage, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [
                .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentSecurityPolicy: page.policy.headerValue,
            ],
            body: .init(byteBuffer: ByteBuffer(string: page.text)))
    }
}

extension HTTPField.Name {
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let xRobotsTag = HTTPField.Name("X-Robots-Tag")!
}
