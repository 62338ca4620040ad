import Foundation

/// A small reader of the Prometheus text format, enough to check what `GET /metrics` serves: every sample line
/// must parse, or the scrape would fail in Prometheus too.
struct PrometheusText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var samples: [Sample] = []
    /// `# TYPE` lines: metric name to type.
    var types: [String: String] = [:]

    struct Malformed: Error, CustomStringConvertible {
        var line: String
        var description: String { "not a Prometheus sample line: \(line)" }
    }

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { throw Malformed(line: line) }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Malformed(line: line)
            }
            let series = String(line[..<space])
            guard let brace = series.firstIndex(of: "{") else {
                samples.append(Sample(name: series, labels: [:], value: value))
                continue
            }
            guard series.hasSuffix("}") else { throw Malformed(line: line) }
            let name = String(series[..<brace])
            var labels: [String: String] = [:]
            var rest = Substring(series[series.index(after: brace)..<series.index(before: series.endIndex)])
            while !rest.isEmpty {
                guard let equals = rest.firstIndex(of: "="), rest[rest.index(after: equals)] == "\"" else { throw Malformed(line: line) }
                let key = String(rest[..<equals])
                var cursor = rest.index(equals, offsetBy: 2)
                var value = ""
                while cursor < rest.endIndex, rest[cursor] != "\"" {
                    if rest[cursor] == "\\" { cursor = rest.index(after: cursor) }
                    value.append(rest[cursor])
                    cursor = rest.index(after: cursor)
                }
                guard cursor < rest.endIndex else { throw Malformed(line: line) }
                labels[key] = value
                rest = rest[rest.index(after: cursor)...]
                if rest.first == "," { rest = rest.dropFirst() }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    /// The value of the one sample with this name whose labels include `labels`; nil when none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }
}
