import HTTPTypes
import Hummingbird

/// Counts every answer and its latency by method, route pattern and status (`ServerMetrics`). The route is the
/// pattern the router matched (`/v1/properties/{property}/consents`), never the path, so no id becomes a label.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    /// The method's label: any other method is counted as `other`, since a label value per invented method would grow
    /// without bound. A `switch`, not a set: a generic type has no stored static, and a computed set was built anew for
    /// every request.
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .post, .put, .patch, .delete, .options: method.rawValue
        default: "other"
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        metrics.request(
            method: Self.methodLabel(request.method),
            route: context.endpointPath ?? "unmatched", status: Int(response.status.code),
            duration: ContinuousClock.now - start)
        return response
    }
}
