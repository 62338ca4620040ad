import Foundation
import HTTPTypes
import Hummingbird

extension HTTPField.Name {
    static let accordFormToken = HTTPField.Name("X-Accord-Form-Token")!
}

/// Accord's own origin, to tell requests from its own pages (the hosted preference center) from other sites'.
///
/// The origin is the public URL's (`http.publicUrl`), or the one the browser reached this server under (its
/// `Host` with the public URL's scheme): both are Accord's own, and a browser cannot be made to send another
/// site's request with either.
struct OwnOrigin: Sendable {
    let publicOrigin: String
    let scheme: String

    init(publicURL: String) {
        let url = URL(string: publicURL)
        let scheme = url?.scheme?.lowercased() ?? "http"
        self.scheme = scheme
        let host = url?.host?.lowercased() ?? "localhost"
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let port = url?.port.flatMap { ($0 == 80 && scheme == "http") || ($0 == 443 && scheme == "https") ? nil : $0 }
        publicOrigin = "\(scheme)://\(bracketed)" + (port.map { ":\($0)" } ?? "")
    }

    func isOwn(_ origin: String, request: Request) -> Bool {
        let origin = origin.lowercased()
        if origin == publicOrigin { return true }
        guard let host = request.head.authority else { return false }
        return origin == "\(scheme)://\(host.lowercased())"
    }

    /// What the browser says about where a request was made, for Accord's own forms and their API calls.
    ///
    /// Browsers send `Origin` on every POST: it must be Accord's. Pages sent with `Referrer-Policy: no-referrer`
    /// (preference links) make browsers send `Origin: null` instead, which counts only together with
    /// `Sec-Fetch-Site: same-origin`, a header no script can set. Without either header, the `Referer` decides.
    /// Anything else, including no evidence at all, is a request from elsewhere.
    func isFromOwnPage(_ request: Request) -> Bool {
        let site = request.headers[.secFetchSite]
        if let site, site != "same-origin" { return false }
        if let origin = request.headers[.origin] {
            return origin == "null" ? site == "same-origin" : isOwn(origin, request: request)
        }
        if site == "same-origin" { return true }
        guard let referer = request.headers[.referer] else { return false }
        let lowered = referer.lowercased()
        if lowered.hasPrefix(publicOrigin + "/") { return true }
        guard let host = request.head.authority else { return false }
        return lowered.hasPrefix("\(scheme)://\(host.lowercased())/")
    }
}
