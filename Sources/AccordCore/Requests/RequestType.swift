// TEMPORARY: the request types belong to the deadlines module of branch `datamap`; this file goes once it is merged.

/// What a data-subject request asks for.
public enum RequestType: String, Hashable, Sendable, Codable, CaseIterable {
    case access, deletion, correction, optOut, limitSensitive, portability, restriction, objection, appeal
}
