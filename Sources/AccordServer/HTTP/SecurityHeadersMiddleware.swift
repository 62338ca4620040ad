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
        if response.headers[.contentType]?.lowercased().hasPrefix("text/html") == true {
            if response.headers[.contentSecurityPolicy] == nil {
                response.headers[.contentSecurityPolicy] = ContentSecurityPolicy.lockedDown.headerValue
            }
            // Links to other sites carry no path; pages whose URL holds a credential already said `no-referrer`.
            if response.headers[.referrerPolicy] == nil { response.headers[.referrerPolicy] = "same-origin" }
        }
        return response
    }
}
