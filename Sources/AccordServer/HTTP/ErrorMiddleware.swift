import Hummingbird
import Logging

/// Turns every thrown error into the API's JSON error shape; faults of our own are logged, never shown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Counts the store failures that reach an answer (`accord_store_errors_total`).
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.from(error)
            if let failure = answer.storeFailure { metrics.storeError(failure) }
            if answer.status.code >= 500 {
                // The error's type only (the one it was translated from, if a middleware did that already): request
                // bodies and identifiers stay out of logs.
                let cause = answer.cause ?? "\(type(of: error))"
                context.logger.error(
                    "request failed", metadata: ["accord.route": "\(context.endpointPath ?? "-")", "accord.error": "\(cause)"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}
