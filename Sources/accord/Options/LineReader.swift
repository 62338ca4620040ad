import Foundation

/// Reads a file (or stdin) line by line in 64 KiB chunks, so an export of any size streams through.
struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let chunkSize: Int

    /// `chunkSize`: the bytes asked of the handle per read (the fuzz harness reads in small chunks, so lines cross
    /// chunk boundaries and no 64 KiB buffer is allocated per input).
    init(handle: FileHandle, chunkSize: Int = 1 << 16) {
        self.handle = handle
        self.chunkSize = max(1, chunkSize)
    }

    /// The next line without its `\n` (or `\r\n`); nil at the end. Throws on bytes that are not UTF-8.
    mutating func next() throws -> String? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                return try text(line.last == 0x0D ? line.dropLast() : line)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return try text(buffer[start...])
            }
            buffer.removeFirst(start)
            start = 0
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            if chunk.isEmpty { atEnd = true } else { buffer.append(contentsOf: chunk) }
        }
    }

    private func text(_ bytes: ArraySlice<UInt8>) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIError("the line is not UTF-8 text") }
        return text
    }
}

/// Buffered standard output for long streams of lines: one write per 64 KiB instead of one per line.
struct LineWriter {
    private var buffer = Data()

    mutating func write(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
