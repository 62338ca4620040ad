import Foundation
import Testing

@testable import AccordServer

/// `APIKeyMiddleware.bearerToken` reads the common `Authorization` header from its bytes and gives exactly what the
/// general reading (any case of the scheme, Foundation's trimming of the token) gives, for that header and others.
@Suite struct BearerTokenTests {
    /// The general reading, as the middleware read every header before.
    static func general(_ authorization: String) -> String? {
        authorization.count > 7 && authorization.prefix(7).lowercased() == "bearer "
            ? String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
    }

    @Test(arguments: [
        "Bearer acc_live_0123456789abcdef", "bearer x", "BEARER x", "BeArEr token-with.dots_and~tilde",
        "Bearer  padded ", "Bearer \tx\t", "Bearer x ", "Bearer ", "Bearer", "Bearer  ", "Basic dXNlcjpwYXNz",
        "Bearerx token", "Bearer\ttoken", "Bearer tökén", "Bearer token\u{A0}", "Bearer \u{2003}token", "Bearer \u{301}x",
        "Béarer x", "", "Bearer x\u{7F}", "Bearer \u{7F}x", "bearer 😀", "Bearer a b", "ＢEARER x",
    ])
    func readsWhatTheGeneralReadingReads(header: String) {
        #expect(APIKeyMiddleware.bearerToken(header) == Self.general(header))
        #expect(APIKeyMiddleware.bearerToken(header).map { Array($0.utf8) } == Self.general(header).map { Array($0.utf8) })
    }
}
