import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOFoundationEssentialsCompat

/// `/v1/properties/{property}/gvl`: the property's IAB Global Vendor List (v3). An admin uploads it (`PUT`);
/// anyone may read it (`GET`, with CORS for the property's origins), since the banner's vendor layer shows it.
/// Without an uploaded list, the one loaded from `tcf.gvlPath` at start is served.
struct VendorListController {
    let editor: ConfigurationEditor
    let fallback: GlobalVendorList?

    /// The IAB's full list is about 1.5 MB; room to grow, but bounded.
    static let maximumBytes = 16 * 1024 * 1024

    func register(browser: some RouterMethods<BrowserRequestContext>, admin: some RouterMethods<AdminRequestContext>) {
        browser.get("/v1/properties/:property/gvl", use: read)
        admin.put("/v1/properties/:property/gvl", use: replace)
    }

    @Sendable func read(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let headers: HTTPFields = [.cacheControl: "public, max-age=300"]
        guard let list = try await editor.store.gvl(of: property.id) ?? fallback else {
            var error = APIError(.notFound, code: "gvl_not_found", message: "no Global Vendor List is set for this property")
            error.headers = headers
            throw error
        }
        return try JSONBody.response(list, headers: headers)
    }

    @Sendable func replace(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await editor.property(context)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maximumBytes {
            throw APIError(.contentTooLarge, code: "body_too_large", message: "a vendor list must be at most 16 MiB")
        }
        let buffer = try await request.body.collect(upTo: Self.maximumBytes)
        try JSONBody.refuseDuplicateKeys(buffer)
        let list = try GlobalVendorList.parse(Data(buffer: buffer))
        try await editor.replaceGVL(list, of: property.id, by: context.actor)
        return try JSONBody.response(list)
    }
}
