import Hummingbird

/// Counts every answer and its latency by method, route pattern and status (`ServerMetrics`). The route is the
/// pattern the router matched (`/v1/properties/{property}/consents`), never the path, so no id becomes a label.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    /// Any other method is counted as `other`: a label value per invented method would grow without bound.
    static var knownMethods: Set<String> { ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.request(
            method: Self.knownMethods.contains(request.method.rawValue) ? request.method.rawValue : "other",
            route: context.endpointPath ?? "unmatched", status: Int(response.status.code),
            duration: ContinuousClock.now - start)
        return response
    }
}
