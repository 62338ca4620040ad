import AccordCore
import Hummingbird

/// `GET /v1/properties/{property}/checkpoints`: the newest signed checkpoint of each of the property's chains,
/// public like the other reads, so anyone can save it and later hold the log to it (`accord audit verify
/// --checkpoints`). Verify the signatures with `/.well-known/jwks.json`.
struct CheckpointController {
    let store: any CheckpointStore

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.get("/v1/properties/:property/checkpoints") { _, context in
            let property = try context.property
            let checkpoints = try await store.latestCheckpoints(of: property.id)
            return JSONBody.response(
                json: CheckpointDocument.json(property: property.id, checkpoints: checkpoints),
                headers: [.cacheControl: "public, max-age=60", .vary: "Origin"])
        }
    }
}
