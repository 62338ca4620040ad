import AccordCore
import ConsentStrings
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/properties/{property}/tcf/encode`: the TC and GPP strings for a visitor's choices, made by
/// ConsentStrings so that no second encoder lives in the browser. Public for the property's origins (CORS),
/// like the consent endpoint; the answer carries the decoded fields too, which the `__tcfapi` and `__gpp`
/// module serves as TCData and parsed sections.
struct SignalEncodeController {
    let vendorLists: VendorListSource
    let cmp: CMPIdentity?

    struct Body: Decodable {
        var choices: [String: String]?
        var region: String?
        var locale: String?
        var gpc: Bool?
        var vendorsRefused: [Int]?
        var vendorObjections: [Int]?
        var purposeObjections: [Int]?
        var specialFeatureOptIns: [Int]?

        /// The vendor-layer choices; ids out of range are refused, ids the list does not hold are ignored
        /// (a list update must not break what a returning visitor's browser sends).
        func tcfChoices() throws -> TCFChoices {
            func ids(_ values: [Int]?, _ field: String, _ range: ClosedRange<Int>) throws -> Set<Int> {
                for (index, id) in (values ?? []).enumerated() where !range.contains(id) {
                    throw APIError.invalid(
                        "tcf_id_invalid", "\(field) holds ids from \(range.lowerBound) to \(range.upperBound)",
                        field: "\(field)[\(index)]")
                }
                return Set(values ?? [])
            }
            return TCFChoices(
                vendorsRefused: try ids(vendorsRefused, "vendorsRefused", 1...65_535),
                vendorObjections: try ids(vendorObjections, "vendorObjections", 1...65_535),
                purposeObjections: try ids(purposeObjections, "purposeObjections", TCFPurposeMapping.purposeIDs),
                specialFeatureOptIns: try ids(specialFeatureOptIns, "specialFeatureOptIns", 1...12))
        }
    }

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.post("/v1/properties/:property/tcf/encode", use: encode)
        router.preflight("/v1/properties/:property/tcf/encode", methods: "POST, OPTIONS", headers: "Content-Type")
    }

    @Sendable func encode(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        let body = try await JSONBody.decode(Body.self, from: request, context: context)
        let choices = try Self.choices(body.choices ?? [:], property: property)
        let tcfChoices = try body.tcfChoices()
        if let region = body.region, !RequestValidation.isRegion(region) { throw ConsentRequestError.regionInvalid(region) }
        if let locale = body.locale, !RequestValidation.isLocale(locale) { throw ConsentRequestError.localeInvalid(locale) }
        let regime = property.rule(for: body.region).regime
        var answer: [String: JSONValue] = [:]
        var tc: TCString?
        if property.tcfEnabled {
            guard let cmp else {
                throw APIError.invalid("tcf_cmp_id_missing", "set tcf.cmpId to the CMP id registered with the IAB", field: nil)
            }
            guard let list = try await vendorLists.list(for: property.id) else {
                throw APIError.invalid("gvl_not_found", "upload a Global Vendor List first (PUT .../gvl)", field: nil)
            }
            let built = TCStringBuilder.build(
                choices: choices, tcf: tcfChoices, property: property, vendorList: list, cmp: cmp,
                locale: body.locale ?? property.defaultLocale, at: Date())
            answer["tcString"] = .string(try built.encoded())
            answer["tc"] = built.json
            tc = built
        }
        if property.gppEnabled {
            let gpp = try GPPStringBuilder.build(
                tcString: tc, choices: choices, property: property, regime: regime, gpc: body.gpc ?? false)
            answer["gppString"] = .string(try gpp.encoded())
            answer["gpp"] = gpp.json
        }
        guard !answer.isEmpty else { throw ConsentRequestError.consentStringNotEnabled(field: "tcString") }
        return JSONBody.response(json: Array(JSONValue.object(answer).serialized(pretty: false).utf8))
    }

    /// The submitted choices, each naming an active purpose and `granted` or `denied`.
    static func choices(_ raw: [String: String], property: Property) throws -> [PurposeKey: ConsentChoice] {
        var choices: [PurposeKey: ConsentChoice] = [:]
        for (key, value) in raw {
            guard let purpose = property.activePurposes.first(where: { $0.key.rawValue == key }) else {
                throw ConsentRequestError.purposeUnknown(key)
            }
            guard let choice = ConsentChoice(rawValue: value) else {
                throw ConsentRequestError.choiceInvalid(purpose: key, value: value)
            }
            choices[purpose.key] = choice
        }
        return choices
    }
}
