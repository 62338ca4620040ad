import AccordCore
import Foundation

/// The JSON body of a new request, public or operator's (`receivedAt` and `channel` are the operator's).
struct RequestBody: Decodable {
    struct Correction: Decodable {
        var field: String
        var value: String
    }

    struct Agent: Decodable {
        var name: String
        var email: String
        var authorization: String
    }

    var type: String
    var scope: String?
    var email: String
    var jurisdiction: String
    var details: String?
    var correction: Correction?
    var agent: Agent?
    var receivedAt: String?
    var channel: String?

    /// The checked submission.
    func submission() throws(RequestError) -> RequestSubmission {
        try RequestSubmission.check(
            type: type, scope: scope, email: email, jurisdiction: jurisdiction, details: details,
            correction: correction.map { ($0.field, $0.value) }, agent: agent.map { ($0.name, $0.email, $0.authorization) })
    }
}

/// `POST .../verify`: the e-mailed code and, where a reasonably high degree of certainty is needed, a second data
/// point (with the code or in a later call without it).
struct VerifyBody: Decodable {
    struct DataPoint: Decodable {
        var kind: String
        var value: String
    }

    var code: String?
    var dataPoint: DataPoint?

    /// The checked data point, if one was sent.
    func checkedDataPoint() throws(RequestError) -> VerificationDataPoint? {
        guard let dataPoint else { return nil }
        return try VerificationDataPoint.check(kind: dataPoint.kind, value: dataPoint.value)
    }
}

/// `POST .../transitions`.
struct TransitionBody: Decodable {
    var to: String
    var reason: String?
    var exemption: String?
}

/// `PATCH .../requests/{id}`: the assignee (null clears it). The key is required: a body without it is a mistake,
/// not a request to clear the assignee.
struct AssignBody: Decodable {
    var assignee: String?

    private enum CodingKeys: String, CodingKey { case assignee }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard container.contains(.assignee) else {
            throw DecodingError.keyNotFound(
                CodingKeys.assignee, .init(codingPath: decoder.codingPath, debugDescription: "assignee is required (null clears it)"))
        }
        assignee = try container.decode(String?.self, forKey: .assignee)
    }
}

/// `POST .../notes`.
struct NoteBody: Decodable {
    var text: String
}

/// `POST .../extend`.
struct ExtendBody: Decodable {
    var reason: String
}

/// `POST .../verification`: an operator's verification done another way.
struct RecordedVerificationBody: Decodable {
    var reason: String
    var powerOfAttorney: Bool?
}

/// Short free texts (reasons, notes, assignees): present, and at most `limit` bytes.
enum RequestText {
    static func check(_ text: String?, field: String, limit: Int = 4_000) throws(RequestError) -> String {
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, text.utf8.count <= limit else {
            throw RequestError(.fieldInvalid, field: field, "\(field) must be 1 to \(limit) bytes of text")
        }
        return text
    }
}
