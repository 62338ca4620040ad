import AccordCore
import Foundation
import NIOCore

/// The served `accord.js`: the SDK with its stylesheet put in place of the `"__ACCORD_CSS__"` marker, so one
/// request brings both and the SDK can inject the CSS through a `<style>` element carrying the page's nonce.
enum SDKAsset {
    static let marker = "\"__ACCORD_CSS__\""

    static let script: String = {
        // A JSON string is a valid JavaScript string literal; encoding a plain String cannot fail.
        let literal = (try? JSONEncoder().encode(WebAssets.accordCSS)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        return WebAssets.accordJS.replacingOccurrences(of: marker, with: literal)
    }()

    static let body = ByteBuffer(string: script)

    /// The SDK as served, gzipped where the browser accepts it.
    static let served = CompressedBody(body)

    /// The `__tcfapi` / `__gpp` module as served.
    static let tcfModule = CompressedBody(ByteBuffer(string: WebAssets.accordTCFJS))

    /// The forms module (`accord.form(element, key)`), loaded by pages that embed a form.
    static let formModule = CompressedBody(ByteBuffer(string: WebAssets.accordFormJS))

    /// For `<script integrity=... crossorigin="anonymous">`: pins the page to exactly this SDK.
    static let integrity = ContentDigest.subresourceIntegrity(Array(script.utf8))
}
