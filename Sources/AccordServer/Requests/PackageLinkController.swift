import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /v1/packages/{token}`: the requester's single-use download of their access package (issue 14 §4), from the
/// link e-mailed when their request completed. No credential but the token; the request log names the route
/// pattern only, so the token is never logged.
struct PackageLinkController {
    let packages: RequestPackages

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get(RouterPath("/v1/packages/:token"), use: download)
    }

    @Sendable func download(_ request: Request, context: AccordRequestContext) async throws -> Response {
        let token = try context.parameters.require("token")
        let (id, bytes) = try await packages.take(token)
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"\(id).zip\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
