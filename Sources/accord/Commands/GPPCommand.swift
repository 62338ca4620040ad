import ArgumentParser
import ConsentStrings
import Foundation

/// `accord gpp decode STRING` and `accord gpp encode` (JSON on stdin).
struct GPPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpp", abstract: "Decode and encode IAB GPP strings.", subcommands: [Decode.self, Encode.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a GPP string's header and sections as JSON (sorted keys).")

        @Argument(help: "The GPP string, or with --section one section's text.")
        var string: String

        @Option(help: "Decode STRING as one section with this API prefix (e.g. usnat, tcfeuv2).")
        var section: String?

        func run() throws {
            try ConsentStringCLI.reportingErrors {
                if let section {
                    print(try GPPSection(id: try GPPCommand.sectionID(section), string: string).json.serialized())
                } else {
                    print(try GPPString(string).json.serialized())
                }
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read the JSON form that 'decode' prints on stdin and print the GPP string.")

        @Option(help: "Encode one section with this API prefix instead of a whole GPP string.")
        var section: String?

        func run() throws {
            try ConsentStringCLI.reportingErrors {
                let json = try ConsentStringCLI.standardInputJSON()
                if let section {
                    print(try GPPSection(id: try GPPCommand.sectionID(section), json: json).encoded())
                } else {
                    print(try GPPString(json: json).encoded())
                }
            }
        }
    }

    static func sectionID(_ name: String) throws -> GPPSectionID {
        guard let id = GPPSectionID(name: name) else {
            throw ConsentStringError(.unknownSection, "'\(name)' is not a supported gpp section")
        }
        return id
    }
}
