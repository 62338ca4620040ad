import Foundation
import Hummingbird
import Logging

/// Logs each request by its route pattern (`/v1/properties/{property}/subjects/{subject}/consents`),
/// never its concrete path, which would carry subject identifiers.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        if context.logger.logLevel <= .debug {
            let elapsed = ContinuousClock.now - start
            context.logger.debug(
                "request",
                metadata: [
                    "accord.method": "\(request.method)",
                    "accord.route": "\(context.endpointPath ?? "unmatched")",
                    "accord.status": "\(response.status.code)",
                    "accord.micros": "\(elapsed.components.attoseconds / 1_000_000_000_000 + elapsed.components.seconds * 1_000_000)",
                ])
        }
        return response
    }
}
