// libFuzzer harnesses for what the command line reads from files: the config-as-code YAML loader (`accord config
// apply`: Yams, the ConfigDocument decoder, the error locator, the property validator) and the import line readers
// (`accord import`: LineReader and the export's line decoder; `accord import-consents`: the CSV and JSON-lines
// record readers). scripts/fuzz.sh builds them with `swiftc -sanitize=fuzzer,address` over those sources, AccordCore
// and Yams (instrumented); `FUZZ_TARGET` picks the harness at run time.
// A harness crashes (and libFuzzer saves the input) when a reader traps, or when one of these properties fails:
// - yaml: a document Accord writes (`config export`) reads back to the same document (and so the same text);
// - import: a line reader gives the same lines however the bytes are cut into chunks, LineReader gives the lines
//   of a plain split, and a decoded export line encodes and decodes back to itself.
import Foundation

@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError(message())
    }
}

let target = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = [UInt8](UnsafeRawBufferPointer(start: start, count: count))
    switch target {
    case "yaml": fuzzConfigYAML(bytes)
    case "import": fuzzImportReaders(bytes)
    default: fatalError("FUZZ_TARGET must be yaml or import")
    }
    return 0
}

func fuzzConfigYAML(_ bytes: [UInt8]) {
    guard let text = String(validating: bytes, as: UTF8.self) else { return }
    let document: ConfigDocument
    do {
        document = try ConfigYAML.decode(text, file: "fuzz.yaml")
    } catch {
        require(error is CLIError, "the YAML loader threw \(type(of: error)), not a located error")
        return
    }
    for property in document.properties {
        do {
            try PropertyValidator.validate(property)
        } catch {
            _ = ConfigYAML.located(error, in: text, file: "fuzz.yaml")
        }
    }
    let written: String
    do {
        written = try ConfigYAML.encode(document)
    } catch {
        return  // a value YAML cannot hold (a non-finite number); `config export` reports it the same way
    }
    let again: ConfigDocument
    do {
        again = try ConfigYAML.decode(written, file: "export.yaml")
    } catch {
        fatalError("a document Accord wrote does not read back: \(error)\n\(written)")
    }
    // The same document back implies the same text back (the encoder sorts keys and is a function of its value),
    // and comparing values costs far less than a second encode, which was half of each execution.
    require(again == document, "an exported document reads back differently:\n\(written)")
}

func fuzzImportReaders(_ bytes: [UInt8]) {
    guard let control = bytes.first else { return }
    let body = Array(bytes.dropFirst())
    let cut = body.isEmpty ? 0 : Int(control) % (body.count + 1)
    let delimiter: UInt8 = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")][Int(control) % 3]

    var whole = CSVRecordReader(delimiter: delimiter)
    let csv = whole.read(body) + whole.finish()
    var split = CSVRecordReader(delimiter: delimiter)
    let csvSplit = split.read(body[..<cut]) + split.read(body[cut...]) + split.finish()
    require(csv == csvSplit, "CSV rows depend on the chunking (cut at \(cut))")

    var lines = JSONLinesRecordReader()
    let jsonLines = lines.read(body) + lines.finish()
    var linesSplit = JSONLinesRecordReader()
    let jsonLinesSplit = linesSplit.read(body[..<cut]) + linesSplit.read(body[cut...]) + linesSplit.finish()
    require(jsonLines == jsonLinesSplit, "JSON-lines rows depend on the chunking (cut at \(cut))")

    for line in readLines(body) {
        guard let record = try? TransferRecord(jsonLine: line) else { continue }
        guard let written = try? record.jsonLine() else { continue }
        require((try? TransferRecord(jsonLine: written)) == record, "an export line does not read back: \(line) -> \(written)")
    }
}

/// Reads `body` through LineReader from a pipe and checks it against a plain split on `\n`; the lines it read.
func readLines(_ body: [UInt8]) -> [String] {
    let pipe = Pipe()
    pipe.fileHandleForWriting.write(Data(body))
    try? pipe.fileHandleForWriting.close()
    var reader = LineReader(handle: pipe.fileHandleForReading)
    var read: [String] = []
    var failed = false
    while true {
        do {
            guard let line = try reader.next() else { break }
            read.append(line)
        } catch {
            failed = true
            break
        }
    }
    try? pipe.fileHandleForReading.close()
    // Every piece but the last ended with `\n` (a `\r` before it is dropped); the last is a line unless empty.
    var expected = body.split(separator: 0x0A, omittingEmptySubsequences: false)
    let last = expected.removeLast()
    expected = expected.map { $0.last == 0x0D ? $0.dropLast() : $0 }
    if !last.isEmpty { expected.append(last) }
    let texts = expected.map { String(validating: $0, as: UTF8.self) }
    if let bad = texts.firstIndex(of: nil) {
        require(failed && read.count == bad, "LineReader read \(read.count) lines before a non-UTF-8 line \(bad)")
        return read
    }
    require(!failed && read == texts.map { $0! }, "LineReader's lines differ from the split: \(read) vs \(texts)")
    return read
}
