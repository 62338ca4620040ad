import ArgumentParser
import ConsentStrings
import Foundation

/// `accord tcf decode STRING` and `accord tcf encode` (JSON on stdin).
struct TCFCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcf", abstract: "Decode and encode IAB TCF v2 TC strings.", subcommands: [Decode.self, Encode.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a TC string's fields as JSON (sorted keys); list policy issues with --validate.")

        @Argument(help: "The TC string, segments separated by '.'.")
        var string: String

        @Flag(help: "Also print policy issues to stderr and exit 1 if there are any.")
        var validate = false

        func run() throws {
            try ConsentStringCLI.reportingErrors {
                let tc = try TCString(string)
                print(tc.json.serialized())
                let issues = validate ? tc.validate() : []
                for issue in issues { ConsentStringCLI.printError("warning: \(issue.code): \(issue.message)") }
                if !issues.isEmpty { throw ExitCode(1) }
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the JSON form that 'decode' prints on stdin and print the TC string.")

        func run() throws {
            try ConsentStringCLI.reportingErrors {
                let tc = try TCString(json: try ConsentStringCLI.standardInputJSON())
                print(try tc.encoded())
            }
        }
    }
}

/// Input and error reporting shared by the consent-string commands.
enum ConsentStringCLI {
    /// Runs `body`; a ``ConsentStringError`` becomes one `error: <code>: <message>` line on stderr
    /// and exit status 1.
    static func reportingErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ConsentStringError {
            printError("error: \(error.code): \(error.message)")
            throw ExitCode(1)
        }
    }

    /// Writes one line to stderr.
    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Parses all of stdin as JSON.
    static func standardInputJSON() throws -> JSONValue {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return try JSONValue(parsing: String(decoding: data, as: UTF8.self))
    }
}
