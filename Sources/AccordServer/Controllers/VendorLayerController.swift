import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// `GET /v1/properties/{property}/tcf/vendors`: what the banner's vendor layer lists (see `VendorLayer`).
/// Public for the property's origins and cacheable; the encoded answer is kept per property, list revision
/// and language, as it is and gzipped, since it is the same for every visitor and a full list makes about
/// 1 MB of JSON.
final class VendorLayerController: Sendable {
    private struct Key: Hashable {
        var property: Property
        var listRevision: Int
        var language: String
    }

    let vendorLists: VendorListSource
    private let encoded = Mutex<[Key: CompressedBody]>([:])

    init(vendorLists: VendorListSource) {
        self.vendorLists = vendorLists
    }

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.get("/v1/properties/:property/tcf/vendors", use: vendors)
    }

    @Sendable func vendors(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        var headers: HTTPFields = [.cacheControl: "public, max-age=300", .vary: "Origin"]
        do {
            let locale = request.uri.queryParameters["locale"].map(String.init) ?? property.defaultLocale
            guard RequestValidation.isLocale(locale) else {
                throw APIError.invalid("locale_invalid", "locale must be a BCP 47 tag such as de or de-AT", field: "locale")
            }
            guard property.tcfEnabled else {
                throw APIError.invalid("tcf_not_enabled", "the IAB TCF is not enabled for this property", field: nil)
            }
            guard let list = try await vendorLists.revision(for: property.id) else {
                throw APIError(.notFound, code: "gvl_not_found", message: "no Global Vendor List is set for this property")
            }
            let language = String(locale.prefix(while: { $0 != "-" && $0 != "_" })).lowercased()
            let key = Key(property: property, listRevision: list.revision, language: language)
            let body =
                try encoded.withLock({ $0[key] }) ?? encode(VendorLayer(property: property, vendorList: list.list, locale: language), key)
            headers[.contentType] = "application/json; charset=utf-8"
            return body.response(request, headers: headers)
        } catch {
            // Its refusals vary by origin too; `CORSMiddleware` adds the origin's own headers.
            var answer = APIError.from(error)
            answer.headers.append(contentsOf: headers)
            throw answer
        }
    }

    private func encode(_ layer: VendorLayer, _ key: Key) throws -> CompressedBody {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body = CompressedBody(ByteBuffer(bytes: try encoder.encode(layer)))
        encoded.withLock { entries in
            // A few properties times a few languages; a changed property or list makes a new key.
            if entries.count > 16 { entries.removeAll() }
            entries[key] = body
        }
        return body
    }
}
