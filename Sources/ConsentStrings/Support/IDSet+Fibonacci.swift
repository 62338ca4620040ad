extension IDSet {
    /// The bit length of ``writeFibonacciRange(to:)``'s output.
    var fibonacciRangeBitLength: Int {
        var writer = BitWriter()
        do { try writeFibonacciRange(to: &writer) } catch { return Int.max }
        return writer.bitCount
    }

    /// Reads a vendor section whose ranges are Fibonacci coded (TCF Canada): a 16-bit maximum
    /// identifier, an encoding flag, then a bitfield or a Fibonacci range.
    public static func readFibonacciVendorSection(from reader: inout BitReader) throws -> IDSet {
        let maxID = try reader.readInt(16)
        if try reader.readBool() { return try readFibonacciRange(from: &reader) }
        return try readBitfield(maxID, from: &reader)
    }

    /// Writes a vendor section with Fibonacci-coded ranges, whichever encoding is shorter.
    public func writeFibonacciVendorSection(to writer: inout BitWriter) throws {
        let maxID = self.maxID
        try writer.write(maxID, width: 16)
        let useRange = fibonacciRangeBitLength <= maxID
        writer.write(useRange)
        if useRange {
            try writeFibonacciRange(to: &writer)
        } else {
            try writeBitfield(maxID, to: &writer)
        }
    }
}

extension BitReader {
    /// Whether the bits from `start` to the current position equal the bits `writer` holds.
    func consumed(from start: Int, equals writer: BitWriter) -> Bool {
        guard position - start == writer.bitCount else { return false }
        var mine = self
        mine.position = start
        var theirs = BitReader(bytes: writer.bytes, bitCount: writer.bitCount)
        while theirs.remaining > 0 {
            let width = Swift.min(64, theirs.remaining)
            if mine.unchecked(width) != theirs.unchecked(width) { return false }
        }
        return true
    }
}
