import AccordCore
import Foundation
import Hummingbird

/// The random value that ties Accord's form tokens to the browser they were issued to, kept in that browser's
/// `accord_csrf` cookie: `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's request carries
/// it). A token that reaches Accord from another browser, such as one an attacker's page auto-submits after
/// copying it from its own visit, does not match that browser's cookie, or finds none, and is refused.
enum BrowserBinding {
    static let cookieName = "accord_csrf"

    /// The request's binding, when it carries a well-formed one.
    static func read(_ request: Request) -> String? {
        guard let value = request.cookies[cookieName]?.value, value.utf8.count == 22,
            Base64URL.decode(value)?.count == 16
        else { return nil }
        return String(value)
    }

    /// The request's binding, or a new one, with the `Set-Cookie` header that gives it to the browser. The
    /// cookie is renewed on every page, so it lives at least as long as the token issued with it.
    static func issue(_ request: Request, secure: Bool) -> (value: String, setCookie: String) {
        var generator = SystemRandomNumberGenerator()
        let value =
            read(request) ?? Base64URL.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        var cookie = "\(cookieName)=\(value); Path=/; Max-Age=\(Int(FormTokenSigner.lifetime)); HttpOnly; SameSite=Strict"
        if secure { cookie += "; Secure" }
        return (value, cookie)
    }
}
