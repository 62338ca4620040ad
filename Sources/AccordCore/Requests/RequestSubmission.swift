import Foundation

/// A request as a requester, an agent or an operator sends it, checked field by field before anything is stored.
public struct RequestSubmission: Hashable, Sendable {
    public var type: RequestType
    public var scope: AccessScope?
    public var email: String
    public var jurisdiction: String
    public var details: String?
    public var correction: RequestDetails.Correction?
    public var agent: RequestDetails.Agent?

    /// Longest `details` and correction value, in bytes.
    public static let maximumTextBytes = 4_000
    /// Longest short field (a name, a correction field, an authorisation), in bytes.
    public static let maximumShortBytes = 500

    /// Checks the raw fields; the first fault is thrown naming its field.
    public static func check(
        type: String, scope: String?, email: String, jurisdiction: String, details: String?,
        correction: (field: String, value: String)?, agent: (name: String, email: String, authorization: String)?
    ) throws(RequestError) -> RequestSubmission {
        guard let kind = RequestType(rawValue: type) else {
            throw RequestError(
                .typeUnknown, field: "type",
                "type must be one of " + RequestType.allCases.map(\.rawValue).joined(separator: ", "))
        }
        var checkedScope: AccessScope?
        if let scope {
            guard kind == .access, let value = AccessScope(rawValue: scope) else {
                throw RequestError(.fieldInvalid, field: "scope", "scope is categories or specificPieces, for access requests only")
            }
            checkedScope = value
        } else if kind == .access {
            checkedScope = .categories
        }
        guard let address = EmailAddress.normalized(email) else {
            throw RequestError(.emailInvalid, field: "email", "email must be an e-mail address such as name@example.com")
        }
        let region = jurisdiction.uppercased()
        // A known country, or any subdivision of one: the law table decides what applies; a subdivision it does not
        // know falls back to the country's law.
        guard let place = Jurisdiction(region), RegionCatalog.countries.contains(place.country) else {
            throw RequestError(
                .jurisdictionUnknown, field: "jurisdiction", "jurisdiction must be an ISO 3166 region such as US-CA or DE")
        }
        if let details, details.utf8.count > maximumTextBytes {
            throw RequestError(.fieldInvalid, field: "details", "details must be at most \(maximumTextBytes) bytes")
        }
        var checkedCorrection: RequestDetails.Correction?
        // As for `scope`: a correction on another type would be stored unread, so it is refused, not dropped.
        if correction != nil, kind != .correction {
            throw RequestError(.fieldInvalid, field: "correction", "correction is for correction requests only")
        }
        if let correction {
            guard !correction.field.isEmpty, correction.field.utf8.count <= maximumShortBytes else {
                throw RequestError(.fieldInvalid, field: "correction.field", "correction.field names what to correct (1 to 500 bytes)")
            }
            guard !correction.value.isEmpty, correction.value.utf8.count <= maximumTextBytes else {
                throw RequestError(.fieldInvalid, field: "correction.value", "correction.value is the right value (1 to 4000 bytes)")
            }
            checkedCorrection = RequestDetails.Correction(field: correction.field, value: correction.value)
        } else if kind == .correction {
            throw RequestError(.fieldInvalid, field: "correction", "a correction request needs correction {field, value}")
        }
        var checkedAgent: RequestDetails.Agent?
        if let agent {
            guard !agent.name.isEmpty, agent.name.utf8.count <= maximumShortBytes else {
                throw RequestError(.fieldInvalid, field: "agent.name", "agent.name is 1 to 500 bytes")
            }
            guard let agentEmail = EmailAddress.normalized(agent.email) else {
                throw RequestError(.emailInvalid, field: "agent.email", "agent.email must be an e-mail address")
            }
            guard !agent.authorization.isEmpty, agent.authorization.utf8.count <= maximumTextBytes else {
                throw RequestError(.fieldInvalid, field: "agent.authorization", "agent.authorization says how the agent is authorised")
            }
            checkedAgent = RequestDetails.Agent(name: agent.name, email: agentEmail, authorization: agent.authorization)
        }
        return RequestSubmission(
            type: kind, scope: checkedScope, email: address, jurisdiction: region, details: details, correction: checkedCorrection,
            agent: checkedAgent)
    }
}
