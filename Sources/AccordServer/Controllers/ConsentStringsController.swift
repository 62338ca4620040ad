import AccordCore
import ConsentStrings
import Hummingbird

/// `GET /v1/strings/tcf/{string}` and `GET /v1/strings/gpp/{string}` (scope `consents:read`): decodes a consent
/// string for integrators, in the field form of the IAB reference decoders, with the policy issues found.
struct ConsentStringsController {
    func register(on router: some RouterMethods<ConsentsReadRequestContext>) {
        router.get("/v1/strings/tcf/:string", use: tcf)
        router.get("/v1/strings/gpp/:string", use: gpp)
    }

    @Sendable func tcf(_ request: Request, context: ConsentsReadRequestContext) async throws -> Response {
        let text = try context.parameters.require("string")
        let tc: TCString
        do {
            tc = try TCString(text)
        } catch {
            throw APIError.undecodableString("tc_string_malformed", "the TC string", error)
        }
        let issues = tc.validate().map { issue in
            JSONValue.object(["code": .string(issue.code.name), "message": .string(issue.message)])
        }
        return Self.answer(tc.json, issues: issues)
    }

    @Sendable func gpp(_ request: Request, context: ConsentsReadRequestContext) async throws -> Response {
        let text = try context.parameters.require("string")
        let gpp: GPPString
        do {
            gpp = try GPPString(text)
        } catch {
            throw APIError.undecodableString("gpp_string_malformed", "the GPP string", error)
        }
        let issues = gpp.validate().map { found in
            JSONValue.object([
                "section": .string(found.section.description), "code": .string(found.issue.code.name),
                "message": .string(found.issue.message),
            ])
        }
        return Self.answer(gpp.json, issues: issues)
    }

    /// The decoded fields with `issues` added beside them.
    private static func answer(_ decoded: JSONValue, issues: [JSONValue]) -> Response {
        var members: [String: JSONValue] = [:]
        if case .object(let fields) = decoded { members = fields }
        members["issues"] = .array(issues)
        return JSONBody.response(json: Array(JSONValue.object(members).serialized(pretty: false).utf8))
    }
}
