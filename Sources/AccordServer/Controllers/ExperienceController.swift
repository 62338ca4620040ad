import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /v1/properties/{property}/experience`: what the banner SDK shows a visitor, computed from the property,
/// its current policy version, the visitor's region and locale. Public and cacheable.
struct ExperienceController {
    let policies: PolicyCache

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.get("/v1/properties/:property/experience", use: experience)
    }

    /// The experience plus what the server saw of the request (GPC), which the SDK cannot read itself.
    struct Body: Encodable {
        var experience: Experience
        var gpc: Bool

        func encode(to encoder: any Encoder) throws {
            try experience.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(gpc, forKey: .gpc)
        }

        enum CodingKeys: String, CodingKey { case gpc }
    }

    @Sendable func experience(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        var headers: HTTPFields = [.vary: "Origin, Sec-GPC", .cacheControl: "public, max-age=60"]
        let query = request.uri.queryParameters
        let region: String?
        if let given = query["region"].map(String.init) {
            guard RequestValidation.isRegion(given) else {
                throw APIError.invalid("region_invalid", "region must be an ISO 3166 code such as DE or US-CA", field: "region")
            }
            region = given
        } else if let name = property.regionHeader, let field = HTTPField.Name(name) {
            headers[.vary] = "Origin, Sec-GPC, \(name)"
            // A proxy may send placeholders (`XX`, `T1`); anything not well-formed counts as unknown.
            region = request.headers[field].map { $0.uppercased() }.flatMap { RequestValidation.isRegion($0) ? $0 : nil }
        } else {
            region = nil
        }
        let locale = query["locale"].map(String.init)
        if let locale, !RequestValidation.isLocale(locale) {
            throw APIError.invalid("locale_invalid", "locale must be a BCP 47 tag such as de or de-AT", field: "locale")
        }
        let policy = try await policies.current(of: property)
        let experience = ExperienceResolver.resolve(property: property, policy: policy, region: region, locale: locale)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Body(experience: experience, gpc: request.headers[.secGPC] == "1"))
        headers[.contentType] = "application/json; charset=utf-8"
        return EntityTag.response(request, body: ByteBuffer(bytes: data), headers: headers)
    }
}
