import Foundation

/// The common-password check shipped with Accord. No published list is copied: the words below were written for
/// Accord from the shapes that lead every public ranking of leaked passwords (a dictionary word or name with digits
/// and a symbol added, a keyboard walk, a run of one character, a counting sequence, the product's own name).
/// Since passwords shorter than 12 characters are refused anyway, the check is about how the long ones are made:
///
/// - a run of one character, or of a counting sequence (`123456789012`, `abcdefghijkl`), or a keyboard walk;
/// - a base word below, however capitalised, with letters swapped for look-alike digits (`p4ssw0rd`) and with only
///   digits and symbols around it (`Password2024!`, `!!welcome12345`), possibly repeated (`monkeymonkey`).
public enum CommonPasswords {
    /// Base words, lower-case; matched after look-alike digits become letters.
    public static let baseWords: Set<String> = [
        "password", "passwort", "motdepasse", "contrasena", "senha", "wachtwoord", "salasana", "haslo", "lozinka",
        "qwerty", "qwertz", "azerty", "letmein", "welcome", "willkommen", "bienvenue", "iloveyou", "admin", "administrator",
        "root", "login", "logon", "user", "guest", "test", "testing", "tester", "default", "changeme", "secret", "private",
        "master", "access", "monkey", "dragon", "football", "soccer", "baseball", "basketball", "hockey", "sunshine",
        "princess", "shadow", "superman", "batman", "spiderman", "trustno", "whatever", "starwars", "hello", "freedom",
        "computer", "internet", "michael", "jennifer", "charlie", "jordan", "thomas", "daniel", "andrew", "jessica",
        "ashley", "matthew", "robert", "hunter", "killer", "ranger", "buster", "tigger", "pepper", "cookie", "summer",
        "winter", "spring", "autumn", "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "monday", "friday", "sunday", "love", "lovely", "angel", "flower", "purple",
        "orange", "banana", "chocolate", "cheese", "pokemon", "minecraft", "fortnite", "google", "facebook", "linkedin",
        "microsoft", "apple", "samsung", "company", "office", "work", "business", "manager", "service", "support",
        "security", "server", "database", "backup", "accord", "consent", "privacy", "cookies", "gdpr", "console",
        "abc", "abcd", "abcdef", "asdf", "zxcv", "qazwsx", "aaaa", "zaq", "mustang", "ferrari", "london",
        "paris", "berlin", "newyork", "america", "canada", "england", "germany", "france", "family", "friends",
        "forever", "blessed", "jesus", "god", "heaven", "happy", "smile", "sweet", "baby", "mother", "father", "sister",
        "brother", "liverpool", "arsenal", "chelsea", "barcelona", "madrid", "juventus", "yankees", "cowboys",
    ]

    /// Keyboard rows and diagonals, lower-case, for walks in either direction.
    static let keyboardRows = [
        "`1234567890-=", "qwertyuiop[]", "asdfghjkl;'", "zxcvbnm,./", "qwertzuiopü", "azertyuiop", "qazwsxedcrfvtgbyhnujmikolp",
        "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "abcdefghijklmnopqrstuvwxyz", "01234567890123456789",
    ]

    /// Whether `password` has one of the shapes above.
    public static func isCommon(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if Set(lowered).count <= 2 { return true }
        if isWalk(lowered) { return true }
        let trimmed = lowered.trimmingCharacters(in: .init(charactersIn: "0123456789!@#$%^&*()_-+=.,?~ "))
        let core = String(trimmed.map { character in lookAlikes[character] ?? character })
        if baseWords.contains(core) { return true }
        // The same word twice or more (`monkeymonkey`), or a base word with digits only between its repeats.
        let letters = String(core.filter(\.isLetter))
        if core.allSatisfy({ $0.isLetter || $0.isNumber }), baseWords.contains(letters) { return true }
        for length in 3...max(3, letters.count / 2) where letters.count.isMultiple(of: length) {
            let unit = letters.prefix(length)
            if String(repeating: String(unit), count: letters.count / length) == letters, letters.count > length {
                return true
            }
        }
        return false
    }

    private static let lookAlikes: [Character: Character] = ["0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"]

    /// A run along a keyboard row or a counting sequence, forwards or backwards, taking at least 80 % of it.
    private static func isWalk(_ text: String) -> Bool {
        let characters = Array(text)
        for row in keyboardRows {
            for line in [Array(row), Array(row.reversed())] {
                var longest = 0
                var run = 1
                for index in characters.indices.dropFirst() {
                    let previous = line.firstIndex(of: characters[index - 1])
                    if let previous, previous + 1 < line.count, line[previous + 1] == characters[index] {
                        run += 1
                    } else {
                        run = 1
                    }
                    longest = max(longest, run)
                }
                if longest * 5 >= characters.count * 4 { return true }
            }
        }
        return false
    }
}
