/// A one-line, lower-case message for the user, and exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { self.description = message }
}
