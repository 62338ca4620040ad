import Foundation
import Yams

/// Decodes YAML files the command line reads (config as code, import mappings) without letting Yams trap.
///
/// Yams reads a plain scalar with colons (`1:30`) as a YAML 1.1 base-60 integer wherever a decoder asks for an
/// integer, and adds up its digits with trapping arithmetic: a long enough one (`2555:2:+0000…`) ends the process
/// instead of failing the decode (found by the `yaml` fuzz harness). Every scalar is checked on the composed tree
/// first, so such a file gets an error with its line like any other bad value.
enum SafeYAML {
    /// A scalar Yams would overflow on, with the path and line of where it sits.
    struct OverflowingInteger: Error, Equatable {
        /// The field, in the error locator's form (`properties[0].purposes[1].key`); empty at the document's root.
        let path: String
        let line: Int?
        let text: String

        var message: String {
            "\(text) is a number with colons (YAML 1.1 base 60) too large for an integer; quote it if it is text"
        }
    }

    /// The document decoded as `type`, parsed once; throws `OverflowingInteger`, `DecodingError` or `YamlError`.
    static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        // The same parser set-up as `YAMLDecoder.decode(_:from: String)`; the parser keeps anchors alive while decoding.
        let parser = try Parser(yaml: text, resolver: Resolver.basic.appending(.merge))
        return try withExtendedLifetime(parser) {
            let root = try parser.singleRoot() ?? ""
            if let overflow = firstOverflowingInteger(in: root) { throw overflow }
            return try YAMLDecoder().decode(type, from: root)
        }
    }

    /// The first scalar (key or value, in document order) whose base-60 reading overflows `Int`.
    static func firstOverflowingInteger(in node: Node, path: String = "") -> OverflowingInteger? {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any, base60Overflows(scalar.string) else { return nil }
            return OverflowingInteger(path: path, line: scalar.mark?.line, text: String(scalar.string.prefix(40)))
        case .mapping(let mapping):
            for (key, value) in mapping {
                let child = path.isEmpty ? (key.string ?? "") : "\(path).\(key.string ?? "")"
                if let found = firstOverflowingInteger(in: key, path: child) ?? firstOverflowingInteger(in: value, path: child) {
                    return found
                }
            }
            return nil
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                if let found = firstOverflowingInteger(in: element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        case .alias:
            // An alias repeats an anchored node that the walk has already checked where it was defined.
            return nil
        }
    }

    /// Whether Yams's base-60 integer reading of `text` would overflow `Int` (false for anything it would not read
    /// as base 60). Mirrors Yams: underscores dropped, one sign, components read as decimal `Int`s, and the place
    /// value multiplied by 60 after every component, the last included.
    static func base60Overflows(_ text: String) -> Bool {
        var digits = Substring(text.replacingOccurrences(of: "_", with: ""))
        guard digits.contains(":") else { return false }
        let negative = digits.hasPrefix("-")
        if negative || digits.hasPrefix("+") { digits = digits.dropFirst() }
        // Yams tries the radix prefixes before base 60; those parse with `Int(_:radix:)`, which never traps.
        if digits.hasPrefix("0x") || digits.hasPrefix("0b") || digits.hasPrefix("0o") || digits.hasPrefix("0") {
            return false
        }
        var place = 1
        var value = 0
        for component in digits.split(separator: ":", omittingEmptySubsequences: false).reversed() {
            guard let digit = Int(component, radix: 10) else { return false }
            let (term, termOverflow) = digit.multipliedReportingOverflow(by: place)
            let (sum, sumOverflow) = value.addingReportingOverflow(term)
            let (nextPlace, placeOverflow) = place.multipliedReportingOverflow(by: 60)
            if termOverflow || sumOverflow || placeOverflow { return true }
            (value, place) = (sum, nextPlace)
        }
        // Yams applies the sign last, by multiplying by -1, which traps on the one value that has no negation.
        return negative && value == Int.min
    }
}
