import Foundation

/// The core elements and required statements of a valid HIPAA authorisation, 45 CFR 164.508(c), as a table:
/// each with the draft member that carries it and the message publishing gives when it is missing.
/// Legal rules are data: the validator walks this table, and its tests remove each element in turn.
public enum HIPAAElements {
    /// One element of 164.508(c).
    public struct Element: Hashable, Sendable {
        /// The paragraph of 45 CFR 164.508 that requires it.
        public var citation: String
        /// The JSON path of the draft member that carries it.
        public var field: String
        /// What publishing says when it is missing.
        public var message: String
        /// Whether the draft has it.
        public var isPresent: @Sendable (FormDraft) -> Bool

        public static func == (lhs: Element, rhs: Element) -> Bool { lhs.field == rhs.field }
        public func hash(into hasher: inout Hasher) { hasher.combine(field) }
    }

    /// Every element, in the order of the regulation.
    public static let all: [Element] = [
        Element(
            citation: "164.508(c)(1)(i)", field: "hipaa.information",
            message: "a HIPAA authorization needs a specific and meaningful description of the information to be "
                + "used or disclosed",
            isPresent: { hasText($0.hipaa?.information) }),
        Element(
            citation: "164.508(c)(1)(ii)", field: "hipaa.disclosers",
            message: "a HIPAA authorization needs the persons or classes of persons authorized to make the disclosure",
            isPresent: { hasEntries($0.hipaa?.disclosers) }),
        Element(
            citation: "164.508(c)(1)(iii)", field: "hipaa.recipients",
            message: "a HIPAA authorization needs the persons or classes of persons to whom the disclosure may be made",
            isPresent: { hasEntries($0.hipaa?.recipients) }),
        Element(
            citation: "164.508(c)(1)(iv)", field: "hipaa.purposes",
            message: "a HIPAA authorization needs a description of each purpose of the disclosure "
                + "(or \"at the request of the individual\")",
            isPresent: { hasEntries($0.hipaa?.purposes) }),
        Element(
            citation: "164.508(c)(1)(v)", field: "hipaa.expiration",
            message: "a HIPAA authorization needs an expiration date or an expiration event",
            isPresent: { draft in
                guard let expiration = draft.hipaa?.expiration else { return false }
                return FormDates.day(expiration.date ?? "") != nil
                    || !(expiration.event ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            }),
        Element(
            citation: "164.508(c)(1)(vi)", field: "items",
            message: "a HIPAA authorization needs a signature item (the signature of the individual and the date)",
            isPresent: { draft in (draft.items ?? []).contains { $0.type == .signature } }),
        Element(
            citation: "164.508(c)(2)(i)", field: "hipaa.revocation",
            message: "a HIPAA authorization needs the statement of the individual's right to revoke it in writing "
                + "and how to revoke",
            isPresent: { hasText($0.hipaa?.revocation) }),
        Element(
            citation: "164.508(c)(2)(ii)", field: "hipaa.conditioning",
            message: "a HIPAA authorization needs the statement on whether treatment, payment, enrollment or "
                + "eligibility may be conditioned on it",
            isPresent: { hasText($0.hipaa?.conditioning) }),
        Element(
            citation: "164.508(c)(2)(iii)", field: "hipaa.redisclosure",
            message: "a HIPAA authorization needs the statement that information disclosed may be redisclosed "
                + "by the recipient and no longer be protected",
            isPresent: { hasText($0.hipaa?.redisclosure) }),
    ]

    /// The problems of a `hipaaAuthorization` draft: one per missing element, in the regulation's order.
    public static func problems(of draft: FormDraft) -> [FormProblem] {
        all.filter { !$0.isPresent(draft) }.map { FormProblem(field: $0.field, message: "\($0.message) (45 CFR \($0.citation))") }
    }

    private static func hasText(_ texts: [String: String]?) -> Bool {
        (texts ?? [:]).values.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    private static func hasEntries(_ list: [String]?) -> Bool {
        (list ?? []).contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}
