import AccordCore
import Foundation
import Hummingbird

/// Liveness, readiness, the receipt keys and the API description.
struct SystemController {
    let store: any StoreLifecycle
    let recorder: ConsentRecorder

    struct StatusBody: Encodable {
        var status: String
        var database: String?
    }

    func register(on router: some RouterMethods<AccordRequestContext>) {
        router.get("/health") { _, _ in try JSONBody.response(StatusBody(status: "ok")) }
        router.get("/ready", use: ready)
        router.get("/.well-known/jwks.json") { _, _ in
            try JSONBody.response(recorder.publicKeys, headers: [.cacheControl: "public, max-age=300"])
        }
        router.get("/openapi.yaml") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }

    @Sendable func ready(_ request: Request, context: AccordRequestContext) async throws -> Response {
        do {
            try await store.ping()
            return try JSONBody.response(StatusBody(status: "ready", database: "ok"))
        } catch {
            var answer = APIError.unavailable
            answer.headers[.retryAfter] = "2"
            throw answer
        }
    }
}
