import AccordCore
import Foundation
import Yams

/// YAML reading and writing for configuration, with errors that name the file and line.
enum ConfigYAML {
    static func encode(_ document: ConfigDocument) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        encoder.options.width = 120
        return try encoder.encode(document)
    }

    static func decode(_ text: String, file: String) throws -> ConfigDocument {
        do {
            return try SafeYAML.decode(ConfigDocument.self, from: text)
        } catch let overflow as SafeYAML.OverflowingInteger {
            let line = overflow.line.map { ":\($0)" } ?? ""
            throw CLIError("\(file)\(line): \(overflow.path.isEmpty ? "" : "\(overflow.path): ")\(overflow.message)")
        } catch DecodingError.dataCorrupted(let context) where context.underlyingError is YamlError {
            throw CLIError("\(file): \(String(describing: context.underlyingError!).replacingOccurrences(of: "\n", with: " "))")
        } catch let error as DecodingError {
            let locator = YAMLLocator(yaml: text)
            let (path, message) = describe(error)
            let line = locator.line(of: path).map { ":\($0)" } ?? ""
            let field = path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            throw CLIError("\(file)\(line): \(field.isEmpty ? "" : "\(field.dropFirst(field.hasPrefix(".") ? 1 : 0)): ")\(message)")
        } catch let error as YamlError {
            throw CLIError("\(file): \(String(describing: error).replacingOccurrences(of: "\n", with: " "))")
        }
    }

    static func located(_ error: ConfigurationError, in text: String, file: String) -> CLIError {
        let line = error.field.flatMap { YAMLLocator(yaml: text).line(of: $0) }.map { ":\($0)" } ?? ""
        return CLIError("\(file)\(line): \(error.field.map { "\($0): " } ?? "")\(error.message)")
    }

    private static func describe(_ error: DecodingError) -> ([any CodingKey], String) {
        switch error {
        case .typeMismatch(let type, let context): (context.codingPath, "expected \(type)")
        case .valueNotFound(let type, let context): (context.codingPath, "missing \(type)")
        case .keyNotFound(let key, let context): (context.codingPath + [key], "is required")
        case .dataCorrupted(let context): (context.codingPath, context.debugDescription)
        @unknown default: ([], "\(error)")
        }
    }
}
