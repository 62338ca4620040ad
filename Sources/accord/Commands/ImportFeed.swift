import AccordCore
import Foundation

/// Reads an import file in 256 KiB chunks into the importer, so memory stays flat however long the file, and
/// shows progress (rows, rows per second, an estimate of the time left) on stderr when it is a terminal.
enum ImportFeed {
    static let chunkSize = 256 * 1024

    static func run(_ path: String, plan: ImportPlan, importer: ConsentImporter) async throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let opened = FileHandle(forReadingAtPath: path) else { throw CLIError("cannot read \(path)") }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        let total = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int
        var progress = Progress(total: total, shown: isatty(STDERR_FILENO) == 1)
        var csv = CSVRecordReader(delimiter: plan.delimiter)
        var jsonl = JSONLinesRecordReader()
        let isCSV = (plan.mapping.format ?? .csv) == .csv
        var headerChecked = !isCSV
        // The header is checked before its chunk's rows reach the importer: a file without a mapped column is
        // refused whole, nothing stored and no reject file written, as the admin API refuses it.
        func checkHeader() throws {
            guard !headerChecked, let columns = csv.columns else { return }
            let missing = plan.missingColumns(in: columns)
            guard missing.isEmpty else { throw CLIError("\(path): \(ImportPlan.describeMissing(missing)) (nothing was imported)") }
            headerChecked = true
        }
        while let data = try handle.read(upToCount: chunkSize), !data.isEmpty {
            let outputs = isCSV ? csv.read(data) : jsonl.read(data)
            try checkHeader()
            try await importer.add(outputs)
            progress.advance(bytes: data.count, rows: importer.summary.rows)
        }
        let last = isCSV ? csv.finish() : jsonl.finish()
        if isCSV && csv.columns == nil { throw CLIError("\(path): the file is empty (a CSV file starts with its header)") }
        try checkHeader()
        try await importer.add(last)
        progress.end(rows: importer.summary.rows)
    }

    /// A one-line progress display, redrawn at most ten times a second.
    struct Progress {
        let total: Int?
        let shown: Bool
        let start = ContinuousClock.now
        var bytes = 0
        var lastDrawn = ContinuousClock.now

        init(total: Int?, shown: Bool) {
            self.total = total
            self.shown = shown
        }

        mutating func advance(bytes read: Int, rows: Int) {
            bytes += read
            guard shown, ContinuousClock.now - lastDrawn > .milliseconds(100) else { return }
            lastDrawn = .now
            let seconds = max(Self.seconds(ContinuousClock.now - start), 0.001)
            var line = "\r\(rows) rows, \(Int(Double(rows) / seconds)) rows/s"
            if let total, total > 0, bytes > 0 {
                let percent = min(100, bytes * 100 / total)
                let left = seconds * Double(total - bytes) / Double(bytes)
                line += ", \(percent)%, about \(Int(left.rounded()))s left"
            }
            FileHandle.standardError.write(Data((line + "   ").utf8))
        }

        func end(rows: Int) {
            guard shown else { return }
            let seconds = max(Self.seconds(ContinuousClock.now - start), 0.001)
            FileHandle.standardError.write(Data("\r\(rows) rows in \(Int(seconds.rounded()))s, \(Int(Double(rows) / seconds)) rows/s\n".utf8))
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}

/// The reject file: `line,reason` per rejected line, CSV-quoted. Written from the first rejection (or, with none,
/// when the import ends), so a file refused whole leaves no reject file behind; an earlier one is replaced then.
final class RejectFile {
    private let path: String
    private var handle: FileHandle?

    /// Fails at once when `path` could not be written (its folder is not writable), before any row is stored.
    init(path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let writable =
            FileManager.default.fileExists(atPath: path)
            ? FileManager.default.isWritableFile(atPath: path)
            : FileManager.default.isWritableFile(atPath: folder.isEmpty ? "." : folder)
        guard writable else { throw CLIError("cannot write the reject file \(path)") }
        self.path = path
    }

    private func opened() throws -> FileHandle {
        if let handle { return handle }
        guard FileManager.default.createFile(atPath: path, contents: Data("line,reason\n".utf8)),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw CLIError("cannot write the reject file \(path)") }
        try handle.seekToEnd()
        self.handle = handle
        return handle
    }

    func write(_ rejection: ImportRejection) throws {
        let reason = rejection.reason.replacingOccurrences(of: "\"", with: "\"\"")
        try opened().write(contentsOf: Data("\(rejection.line),\"\(reason)\"\n".utf8))
    }

    func close() throws {
        try opened().close()
    }
}
