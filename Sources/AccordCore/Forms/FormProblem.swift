import Foundation

/// One reason a form cannot be published or a submission cannot be accepted, with the JSON path it is about
/// (`items[2].purpose`, `rules[0].requires`, `hipaa.revocation`, `answers.research`).
public struct FormProblem: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The JSON path of the member at fault.
    public var field: String
    /// What is wrong, in one sentence.
    public var message: String
    /// What is wrong as a value, for a page to say it in its own language (`FormTexts.problem`); nil for problems
    /// only the API shows. Not part of the JSON.
    public var reason: Reason?

    /// What is wrong with a submission, as a value.
    public enum Reason: Hashable, Sendable {
        case unknownItem, required, notADate, tooLong, signatureName, signatureAttestation, unsigned, wrongAnswer
        /// The item needs the other item (its key) granted too.
        case needs(String)
        case birthDateNeeded, birthDateInFuture
        /// Under the minimum age, with no guardian possible; the guardian's name or address missing.
        case tooYoung(Int), guardianName(Int), guardianEmail(Int)
    }

    enum CodingKeys: String, CodingKey {
        case field, message
    }

    /// A problem with `field` and `message`.
    public init(field: String, message: String, reason: Reason? = nil) {
        self.field = field
        self.message = message
        self.reason = reason
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}

/// Form keys (and item keys) are URL path segments: lower-case letters, digits, `-` and `_`, 1 to 64 characters.
public enum FormKey {
    /// Whether `key` is a well-formed form or item key.
    public static func isWellFormed(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 64
            && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }
    }
}

/// Calendar days as forms write them (`YYYY-MM-DD`, UTC).
public enum FormDates {
    /// The UTC Gregorian calendar every form date is read in.
    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The start (UTC) of the day `text` names, or nil when it is not a real `YYYY-MM-DD` day.
    public static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return date
    }

    /// Whole years from `birth` to `now` (the birthday counts from its day).
    public static func age(born birth: Date, at now: Date) -> Int {
        calendar.dateComponents([.year], from: birth, to: now).year ?? 0
    }
}
