import Foundation
import HTTPTypes
import Hummingbird

/// Where a request's client address comes from: the socket, or a proxy header when one is configured
/// (`http.clientIpHeader`), since behind a proxy every socket address is the proxy's.
struct ClientAddressResolver: Sendable {
    let trustedHeader: HTTPField.Name?

    func address(of request: Request, context: AccordRequestContext) -> String? {
        if let trustedHeader, let forwarded = request.headers[trustedHeader] {
            // The left-most entry is the original client; later entries are proxies.
            return forwarded.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return context.remoteAddress?.ipAddress
    }
}
