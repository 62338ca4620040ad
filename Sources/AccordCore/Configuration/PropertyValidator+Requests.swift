import Foundation

extension PropertyValidator {
    /// At most 1000 holidays (40 years of 25), each a real `YYYY-MM-DD` date, none twice.
    static func validateRequestHolidays(_ holidays: [String]) throws(ConfigurationError) {
        guard holidays.count <= 1_000 else { throw .invalid("requestHolidays", "at most 1000 holidays") }
        var seen = Set<String>()
        for (index, text) in holidays.enumerated() {
            guard isDate(text) else {
                throw .invalid("requestHolidays[\(index)]", "a holiday is a date written YYYY-MM-DD")
            }
            guard seen.insert(text).inserted else { throw .invalid("requestHolidays[\(index)]", "\(text) is listed twice") }
        }
    }

    /// Whether `text` is a real calendar date in `YYYY-MM-DD` form.
    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.utf8.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]), (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}
