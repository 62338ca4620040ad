import Foundation

/// The second data point a requester gives to reach a reasonably high degree of certainty (CCPA regulations §7062(c)):
/// a name, a phone number or a customer number, matched against what the organisation already holds. It is a second
/// factor beside the e-mailed code, so a request for specific pieces of information is never opened on the strength
/// of a mailbox alone.
public struct VerificationDataPoint: Hashable, Sendable, Codable {
    /// What the requester gives.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case name, phone, customerNumber
    }

    public var kind: Kind
    public var value: String

    public init(kind: Kind, value: String) {
        self.kind = kind
        self.value = value
    }

    /// Longest value, in bytes.
    public static let maximumBytes = 200
    /// How many data points a request may try before only an operator can verify it.
    public static let maximumTries = 5

    /// Checks the raw fields (`dataPoint.kind`, `dataPoint.value`); the first fault names its field.
    public static func check(kind: String, value: String) throws(RequestError) -> VerificationDataPoint {
        guard let kind = Kind(rawValue: kind) else {
            throw RequestError(
                .fieldInvalid, field: "dataPoint.kind", "dataPoint.kind must be one of " + Kind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let point = VerificationDataPoint(kind: kind, value: value)
        guard value.utf8.count <= maximumBytes, point.comparable != nil else {
            throw RequestError(
                .fieldInvalid, field: "dataPoint.value",
                kind == .phone
                    ? "dataPoint.value must be a phone number in international form, such as +49 151 1234 5678"
                    : "dataPoint.value must be 1 to \(maximumBytes) bytes of text")
        }
        return point
    }

    /// The form compared: a phone number in E.164; a name case- and accent-folded with its spaces collapsed; a customer
    /// number trimmed and case-folded. nil when nothing comparable is left.
    public var comparable: String? { Self.comparable(value, as: kind) }

    /// `text` in the compared form of `kind`.
    public static func comparable(_ text: String, as kind: Kind) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return nil }
        switch kind {
        case .phone:
            return PhoneNumber.normalized(trimmed)
        case .name:
            let folded = trimmed.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        case .customerNumber:
            return trimmed.lowercased()
        }
    }

    /// Whether `held` (what a system or the vault holds) is the same data point.
    public func matches(_ held: String) -> Bool {
        guard let mine = comparable, let theirs = Self.comparable(held, as: kind) else { return false }
        return mine == theirs
    }

    /// Whether a correction request corrects this very data point: a request is never verified with the field it
    /// corrects (issue 13 §2), since the requester claims the held value is wrong.
    public func isCorrected(by correction: RequestDetails.Correction?) -> Bool {
        guard let correction else { return false }
        return RequestDetails.Correction.identifierKind(of: correction.field) == kind.rawValue
    }
}

extension RequestDetails.Correction {
    /// The identifier a correction's `field` names, by loose spelling: `email`, `name`, `phone`, `customerNumber`, or
    /// nil for any other field.
    public static func identifierKind(of field: String) -> String? {
        let key = field.lowercased().filter { $0.isLetter }
        switch key {
        case "email", "emailaddress", "mail", "mailaddress": return "email"
        case "name", "fullname", "firstname", "lastname", "surname", "givenname", "familyname": return "name"
        case "phone", "phonenumber", "telephone", "mobile", "mobilenumber", "tel": return "phone"
        case "customernumber", "customerid", "accountnumber", "accountid", "customer", "membernumber": return "customerNumber"
        default: return nil
        }
    }

    /// Whether this correction changes the e-mail address: the e-mailed code then proves nothing about the requester.
    public var correctsEmail: Bool { Self.identifierKind(of: field) == "email" }
}

/// What comparing a data point with what is held found.
public enum DataPointMatch: Hashable, Sendable {
    /// A held value matches.
    case matched
    /// Values are held, none matches.
    case mismatched
    /// Nothing of this kind is held to compare with: an operator must compare it.
    case nothingHeld
}

/// How sure the organisation is after a set of independent factors, each not the field being corrected: one → a
/// reasonable degree, two → a reasonably high degree (the e-mailed code counts as one, a matched data point as one).
extension VerificationStrength {
    public static func reached(factors: Int) -> VerificationStrength {
        switch factors {
        case ..<1: .none
        case 1: .reasonable
        default: .reasonablyHigh
        }
    }
}
