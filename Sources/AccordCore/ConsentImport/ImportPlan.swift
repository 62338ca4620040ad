import Foundation

/// A mapping checked against the property's published policy: every purpose it names exists, one shape is chosen,
/// the delimiter and date format are usable. Reads rows into choices. Not `Sendable` (it holds a date formatter);
/// one import uses one plan from one task.
public final class ImportPlan {
    /// A row read: the normalised subject, the choices, the date, and the evidence the idempotency key is made of.
    public struct Row: Hashable, Sendable {
        /// The line it came from.
        public var line: Int
        /// The subject identifier, normalised (`SubjectIdentifier`).
        public var subject: String
        /// The choices, by purpose (or preference) key.
        public var choices: [PurposeKey: ConsentChoice]
        /// When the choice was made, truncated to milliseconds.
        public var date: Date
        /// The other system's source and version texts, if mapped.
        public var source: String?
        /// The policy or form version text, if mapped.
        public var version: String?

        /// A row from its parts.
        public init(
            line: Int, subject: String, choices: [PurposeKey: ConsentChoice], date: Date, source: String? = nil, version: String? = nil
        ) {
            self.line = line
            self.subject = subject
            self.choices = choices
            self.date = date
            self.source = source
            self.version = version
        }
    }

    private enum Shape {
        case long(purpose: String?, channel: String?, topic: String?, status: String)
        case wide([(PurposeKey, String)])
        case accepted(column: String, separator: String)
        case list(path: String, id: String, status: String)
    }

    /// The mapping as given.
    public let mapping: ImportMapping
    /// The CSV delimiter byte.
    public let delimiter: UInt8
    private let shape: Shape
    private let purposes: [String: PurposeKey]
    private let known: [PurposeKey: Purpose]
    private let granted: Set<String>
    private let denied: Set<String>
    private let formatter: DateFormatter?

    /// Checks `mapping` against `policy` (the property's published version); throws a `ConfigurationError` naming the
    /// mapping's field (`purposes.C0002`, `columns`, `dateFormat`) for anything that cannot work.
    public init(_ mapping: ImportMapping, policy: PolicyVersion) throws(ConfigurationError) {
        self.mapping = mapping
        self.known = Dictionary(policy.activePurposes.map { ($0.key, $0) }) { first, _ in first }
        let delimiterText = mapping.delimiter ?? ","
        guard delimiterText.utf8.count == 1, let byte = delimiterText.utf8.first, byte != 0x22, byte != 0x0A else {
            throw .invalid("delimiter", "the delimiter must be one ASCII character other than a quote or a line break")
        }
        self.delimiter = byte
        var purposes: [String: PurposeKey] = [:]
        for (external, key) in (mapping.purposes ?? [:]).sorted(by: { $0.key < $1.key }) {
            let purposeKey = PurposeKey(rawValue: key)
            guard known[purposeKey] != nil else {
                throw .invalid("purposes.\(external)", "'\(key)' is not a purpose or preference of the published policy")
            }
            purposes[external] = purposeKey
        }
        self.purposes = purposes
        self.granted = Set((mapping.granted ?? ImportMapping.defaultGranted).map { $0.lowercased() })
        self.denied = Set((mapping.denied ?? ImportMapping.defaultDenied).map { $0.lowercased() })
        guard granted.isDisjoint(with: denied) else {
            throw .invalid("granted", "a value cannot mean both granted and denied")
        }
        var shapes: [Shape] = []
        if let status = mapping.status {
            guard mapping.purpose != nil || (mapping.channel != nil && mapping.topic != nil) else {
                throw .invalid("purpose", "with status, name the purpose column (or the channel and topic columns)")
            }
            shapes.append(.long(purpose: mapping.purpose, channel: mapping.channel, topic: mapping.topic, status: status))
        }
        if let columns = mapping.columns {
            var pairs: [(PurposeKey, String)] = []
            for (key, column) in columns.sorted(by: { $0.key < $1.key }) {
                guard known[PurposeKey(rawValue: key)] != nil else {
                    throw .invalid("columns.\(key)", "'\(key)' is not a purpose or preference of the published policy")
                }
                pairs.append((PurposeKey(rawValue: key), column))
            }
            guard !pairs.isEmpty else { throw .invalid("columns", "name at least one purpose column") }
            shapes.append(.wide(pairs))
        }
        if let accepted = mapping.accepted {
            guard !purposes.isEmpty else { throw .invalid("purposes", "an accepted list needs the purposes it can name") }
            shapes.append(.accepted(column: accepted.column, separator: accepted.separator ?? ","))
        }
        if let list = mapping.list {
            shapes.append(.list(path: list.path, id: list.id ?? "id", status: list.status ?? "status"))
        }
        guard shapes.count == 1, let shape = shapes.first else {
            throw .invalid("status", "give exactly one of: purpose and status, columns, accepted, list")
        }
        self.shape = shape
        switch mapping.dateFormat ?? "iso8601" {
        case "iso8601", "unix", "unixMillis": formatter = nil
        case let pattern:
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = pattern
            self.formatter = formatter
        }
    }

    /// The columns the mapping names that a CSV `header` lacks, each with the mapping field that names it
    /// (`subject`, `date`, `status`, `columns.analytics`, `source` ...), in the mapping's order. A file missing any
    /// is the wrong file (or a mapping for another export): it is refused whole, before any row is stored, rather
    /// than every row rejected or the mapped evidence silently dropped.
    public func missingColumns(in header: [String]) -> [(field: String, column: String)] {
        var named: [(String, String)] = [("subject", mapping.subject), ("date", mapping.date)]
        switch shape {
        case .long(let purpose, let channel, let topic, let status):
            if let purpose { named.append(("purpose", purpose)) }
            if purpose == nil, let channel, let topic { named += [("channel", channel), ("topic", topic)] }
            named.append(("status", status))
        case .wide(let pairs):
            named += pairs.map { ("columns.\($0.0.rawValue)", $0.1) }
        case .accepted(let column, _):
            named.append(("accepted.column", column))
        case .list:
            break  // JSON lines: no header
        }
        if let source = mapping.source { named.append(("source", source)) }
        if let version = mapping.version { named.append(("version", version)) }
        let present = Set(header)
        return named.filter { !present.contains($0.1) }.map { (field: $0.0, column: $0.1) }
    }

    /// One line naming every column `missingColumns` found (empty: none is missing).
    public static func describeMissing(_ missing: [(field: String, column: String)]) -> String {
        "the CSV header has no column "
            + missing.map { "'\($0.column.prefix(80))' (the mapping's \($0.field))" }.joined(separator: ", ")
    }

    /// The choices of `record`, or why it is rejected (naming the column).
    public func read(_ record: ImportRecord) -> Result<Row, ImportRejection> {
        func reject(_ reason: String) -> Result<Row, ImportRejection> {
            .failure(ImportRejection(line: record.line, reason: reason))
        }
        guard let rawSubject = record.values[mapping.subject]?.text, !rawSubject.isEmpty else {
            return reject("\(mapping.subject): the subject is missing")
        }
        let subject: String
        do {
            subject = try ConsentEventBuilder.validateSubject(rawSubject)
        } catch {
            return reject("\(mapping.subject): \(error.message)")
        }
        guard let dateText = record.values[mapping.date]?.text, !dateText.isEmpty else {
            return reject("\(mapping.date): the date is missing")
        }
        guard let date = parseDate(dateText) else {
            return reject("\(mapping.date): '\(dateText.prefix(40))' is not a date in the format \(mapping.dateFormat ?? "iso8601")")
        }
        var choices: [PurposeKey: ConsentChoice] = [:]
        switch choicesOf(record) {
        case .success(let read): choices = read
        case .failure(let rejection): return .failure(rejection)
        }
        guard !choices.isEmpty else { return reject("the row holds no choice") }
        for (key, choice) in choices where choice == .denied && known[key]?.isRequired == true {
            return reject("\(key): a required purpose cannot be denied")
        }
        // The other system's evidence is kept as written on the event (`EventOrigin`): too long is refused, not cut.
        let source = mapping.source.flatMap { record.values[$0]?.text }.flatMap { $0.isEmpty ? nil : $0 }
        let version = mapping.version.flatMap { record.values[$0]?.text }.flatMap { $0.isEmpty ? nil : $0 }
        for (column, text) in [(mapping.source, source), (mapping.version, version)] {
            if let column, let text, text.count > EventOrigin.maximumLength {
                return reject("\(column): longer than \(EventOrigin.maximumLength) characters")
            }
        }
        return .success(
            Row(line: record.line, subject: subject, choices: choices, date: date.truncatedToMilliseconds, source: source, version: version))
    }

    private func choicesOf(_ record: ImportRecord) -> Result<[PurposeKey: ConsentChoice], ImportRejection> {
        func reject(_ reason: String) -> Result<[PurposeKey: ConsentChoice], ImportRejection> {
            .failure(ImportRejection(line: record.line, reason: reason))
        }
        var choices: [PurposeKey: ConsentChoice] = [:]
        switch shape {
        case .long(let purposeColumn, let channelColumn, let topicColumn, let statusColumn):
            let name: String
            let field: String
            if let purposeColumn {
                name = record.values[purposeColumn]?.text ?? ""
                field = purposeColumn
            } else {
                name = "\(record.values[channelColumn!]?.text ?? "").\(record.values[topicColumn!]?.text ?? "")"
                field = "\(channelColumn!)/\(topicColumn!)"
            }
            guard let key = resolve(name) else { return reject("\(field): unknown purpose '\(name.prefix(80))'") }
            guard let choice = status(record.values[statusColumn]?.text) else {
                return reject("\(statusColumn): '\((record.values[statusColumn]?.text ?? "").prefix(40))' is not a known status")
            }
            choices[key] = choice
        case .wide(let pairs):
            for (key, column) in pairs {
                guard let text = record.values[column]?.text else { return reject("\(column): the column is missing") }
                if text.isEmpty { continue }  // no answer for this purpose
                guard let choice = status(text) else { return reject("\(column): '\(text.prefix(40))' is not a known status") }
                choices[key] = choice
            }
        case .accepted(let column, let separator):
            guard let text = record.values[column]?.text else { return reject("\(column): the column is missing") }
            let listed = Set(
                text.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            for name in listed where purposes[name] == nil {
                return reject("\(column): unknown category '\(name.prefix(80))' (add it to purposes)")
            }
            for (external, key) in purposes {
                let choice: ConsentChoice = listed.contains(external) ? .granted : .denied
                // Two categories mapped to one purpose: any accepted grants it.
                if choices[key] != .granted { choices[key] = choice }
            }
        case .list(let path, let idKey, let statusKey):
            guard case .list(let objects)? = record.values[path] else {
                return reject("\(path): not a list of objects")
            }
            for (index, object) in objects.enumerated() {
                let name = object[idKey]?.text ?? ""
                guard let key = resolve(name) else { return reject("\(path)[\(index)].\(idKey): unknown purpose '\(name.prefix(80))'") }
                guard let choice = status(object[statusKey]?.text) else {
                    return reject("\(path)[\(index)].\(statusKey): not a known status")
                }
                choices[key] = choice
            }
        }
        return .success(choices)
    }

    private func resolve(_ name: String) -> PurposeKey? {
        if let mapped = purposes[name] { return mapped }
        let key = PurposeKey(rawValue: name)
        return known[key] != nil ? key : nil
    }

    private func status(_ text: String?) -> ConsentChoice? {
        guard let value = text?.trimmingCharacters(in: .whitespaces).lowercased() else { return nil }
        if granted.contains(value) { return .granted }
        if denied.contains(value) { return .denied }
        return nil
    }

    private func parseDate(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch mapping.dateFormat ?? "iso8601" {
        case "iso8601":
            if let date = Date(rfc3339: trimmed) { return date }
            // A plain calendar date, or a time without seconds' fraction and zone: read in UTC.
            if trimmed.count == 10 { return Date(rfc3339: trimmed + "T00:00:00Z") }
            return Date(rfc3339: trimmed.replacingOccurrences(of: " ", with: "T") + "Z")
        case "unix":
            return Double(trimmed).map { Date(timeIntervalSince1970: $0) }
        case "unixMillis":
            return Double(trimmed).map { Date(timeIntervalSince1970: $0 / 1000) }
        default:
            return formatter?.date(from: trimmed)
        }
    }
}
