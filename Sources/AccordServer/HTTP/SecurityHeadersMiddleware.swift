import HTTPTypes
import Hummingbird

/// The browser security headers, on every response from one place: `nosniff` everywhere (so no JSON or text is
/// ever run as a script or page), HSTS where Accord is public over https, and for HTML a Content-Security-Policy
/// and a Referrer-Policy. A page sets its own policy (its nonce, who may frame it) through `HTML.response`; HTML
/// without one gets `ContentSecurityPolicy.lockedDown`, so a page added later is safe before it is tuned.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Whether `http.publicUrl` is https, so browsers are told to use nothing else for a year.
    let strictTransportSecurity: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        if strictTransportSecurity { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        if let contentType = response.headers[.contentType], Self.isHTML(contentType) {
            if response.headers[.contentSecurityPolicy] == nil {
                response.headers[.contentSecurityPolicy] = ContentSecurityPolicy.lockedDown.headerValue
            }
            // Links to other sites carry no path; pages whose URL holds a credential already said `no-referrer`.
            if response.headers[.referrerPolicy] == nil { response.headers[.referrerPolicy] = "same-origin" }
        }
        return response
    }

    /// Whether a content type is HTML (`text/html` in any case). One that starts with an ASCII character other than
    /// `t` or `T` (JSON, the API's answers) cannot be, so it is not lower-cased first.
    static func isHTML(_ contentType: String) -> Bool {
        if let first = contentType.utf8.first, first < 0x80, first | 0x20 != UInt8(ascii: "t") { return false }
        return contentType.lowercased().hasPrefix("text/html")
    }
}
