/// Reads CSV (RFC 4180: quoted fields may hold delimiters, quotes doubled, and line breaks; `\n` or `\r\n` ends a
/// record) incrementally from chunks of bytes, so a file of any size is read in constant memory. The first record
/// is the header naming the columns. Pure; a malformed line is reported and reading goes on at the next line.
public struct CSVRecordReader: Sendable {
    /// What reading one chunk produced, in file order.
    public enum Output: Hashable, Sendable {
        /// A well-formed row.
        case record(ImportRecord)
        /// A malformed line, skipped.
        case rejected(ImportRejection)
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, skipping }

    private let delimiter: UInt8
    private var header: [String]?
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var error: String?

    /// A reader splitting fields on `delimiter` (one ASCII byte: `,`, `;`, tab).
    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
    }

    /// The header's column names once read.
    public var columns: [String]? { header }

    /// Feeds the next chunk; returns the rows (and rejected lines) it completed.
    public mutating func read(_ bytes: some Sequence<UInt8>) -> [Output] {
        var out: [Output] = []
        for byte in bytes { consume(byte, into: &out) }
        return out
    }

    /// Ends the input: a last record without a final line break is completed, an open quote is rejected.
    public mutating func finish() -> [Output] {
        var out: [Output] = []
        switch state {
        case .quoted:
            out.append(.rejected(ImportRejection(line: recordLine, reason: "a quoted field is not closed before the end of the file")))
        case .skipping:
            endRecord(into: &out)
        case .fieldStart where fields.isEmpty:
            break
        default:
            endField()
            endRecord(into: &out)
        }
        state = .fieldStart
        return out
    }

    private mutating func consume(_ byte: UInt8, into out: inout [Output]) {
        let newline = byte == 0x0A
        switch state {
        case .skipping:
            if newline { endRecord(into: &out) }
        case .fieldStart:
            if byte == 0x22 {
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if newline {
                endField()
                endRecord(into: &out)
            } else {
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            if byte == delimiter {
                endField()
                state = .fieldStart
            } else if newline {
                endField()
                endRecord(into: &out)
            } else if byte == 0x22 {
                fail("a quote inside an unquoted field (quote the whole field and double the quote)")
            } else {
                field.append(byte)
            }
        case .quoted:
            if byte == 0x22 {
                state = .quoteInQuoted
            } else {
                if newline { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == 0x22 {
                field.append(0x22)
                state = .quoted
            } else if byte == delimiter {
                endField()
                state = .fieldStart
            } else if newline {
                endField()
                endRecord(into: &out)
            } else if byte == 0x0D {
                break  // \r before \n after a closing quote
            } else {
                fail("characters after a closing quote (a field's quote must be doubled inside it)")
            }
        }
    }

    private mutating func fail(_ reason: String) {
        error = reason
        state = .skipping
    }

    private mutating func endField() {
        // A \r before the line break belongs to the break (\r\n), not to the field.
        if state == .unquoted || state == .fieldStart, field.last == 0x0D { field.removeLast() }
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(into out: inout [Output]) {
        defer {
            fields.removeAll(keepingCapacity: true)
            field.removeAll(keepingCapacity: true)
            error = nil
            state = .fieldStart
            line += 1
            recordLine = line
        }
        if let error {
            out.append(.rejected(ImportRejection(line: recordLine, reason: error)))
            return
        }
        // A blank line is no record.
        if fields.count == 1 && fields[0].isEmpty { return }
        guard let header else {
            header = fields.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
            return
        }
        guard fields.count == header.count else {
            out.append(
                .rejected(ImportRejection(line: recordLine, reason: "expected \(header.count) fields, found \(fields.count)")))
            return
        }
        var values: [String: ImportValue] = [:]
        values.reserveCapacity(header.count)
        for (name, value) in zip(header, fields) { values[name] = .text(value) }
        out.append(.record(ImportRecord(line: recordLine, values: values)))
    }
}
