import AccordCore

/// The Content-Security-Policy an Accord page is written for. Inline `<script>` and `<style>` run only with the
/// response's nonce; the SDK passes its tag's nonce on to the style and scripts it injects, so pages put it on
/// the SDK tag too. `SecurityHeadersMiddleware` gives HTML that declares no policy `lockedDown`.
struct ContentSecurityPolicy: Hashable, Sendable {
    /// Who may show the page in a frame.
    enum FrameAncestors: Hashable, Sendable {
        case none
        case sameOrigin
        /// CSP source expressions such as `https://shop.example` or `http://localhost:*`.
        case sources([String])
    }

    /// Allows the page's own inline code and the SDK; nil for a page with none.
    var nonce: String?
    var frameAncestors: FrameAncestors

    /// For HTML that declared nothing: nothing runs, nothing loads, nobody frames it.
    static let lockedDown = ContentSecurityPolicy(nonce: nil, frameAncestors: .none)

    /// A page with inline code and the SDK, framed by nobody unless said.
    static func page(nonce: String, frameAncestors: FrameAncestors = .none) -> ContentSecurityPolicy {
        ContentSecurityPolicy(nonce: nonce, frameAncestors: frameAncestors)
    }

    /// 128 random bits, base64: fresh for every response, so a script injected into one cannot guess it.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    var headerValue: String {
        var directives = ["default-src 'none'"]
        if let nonce {
            // 'self': the SDK, its TCF module and the API it calls are Accord's own; frames: the demo's video.
            directives += [
                "script-src 'self' 'nonce-\(nonce)'", "style-src 'self' 'nonce-\(nonce)'", "img-src 'self' data:",
                "connect-src 'self'", "frame-src 'self'",
            ]
        }
        let ancestors: String
        switch frameAncestors {
        case .none: ancestors = "'none'"
        case .sameOrigin: ancestors = "'self'"
        case .sources(let sources): ancestors = sources.isEmpty ? "'none'" : sources.joined(separator: " ")
        }
        directives += ["base-uri 'none'", "form-action 'self'", "frame-ancestors \(ancestors)"]
        return directives.joined(separator: "; ")
    }

    /// A property's allowed origins as `frame-ancestors` sources, so its sites can embed its preference center.
    /// CSP hosts are names or IPv4 literals (with an optional leading `*.`), so an IPv6 literal such as
    /// `http://[::1]:*` cannot be said and is left out; no origin at all means no frame.
    static func frameAncestors(allowing origins: [OriginPattern]) -> FrameAncestors {
        .sources(
            origins.compactMap { origin in
                let name = origin.host.hasPrefix("*.") ? origin.host.dropFirst(2) : Substring(origin.host)
                let labels = name.split(separator: ".", omittingEmptySubsequences: false)
                guard labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } })
                else { return nil }
                let defaultPort = origin.scheme == "https" ? 443 : 80
                let port = origin.port.map { $0 == defaultPort ? "" : ":\($0)" } ?? ":*"
                return "\(origin.scheme)://\(origin.host)\(port)"
            })
    }
}
