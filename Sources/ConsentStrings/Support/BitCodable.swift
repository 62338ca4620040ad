/// A value that reads itself from a bit stream.
public protocol BitDecodable {
    /// Reads the value from the reader's current position.
    init(from reader: inout BitReader) throws
}

/// A value that writes itself to a bit stream.
public protocol BitEncodable {
    /// Appends the value's bits to the writer.
    func encode(to writer: inout BitWriter) throws
}

/// A value that both reads and writes itself as bits.
public typealias BitCodable = BitDecodable & BitEncodable

extension BitReader {
    /// Reads `count` 2-bit integers (the GPP US "N-bit integer list" with N = 2).
    mutating func readList(count: Int, width: Int) throws -> [Int] {
        var values: [Int] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try readInt(width)) }
        return values
    }

    /// Reads `length` characters of 6 bits each, `A` = 0 (TCF language and country codes). A value above 25 is
    /// no letter: refused, so nothing is decoded that the encoder could not write back (found by libFuzzer).
    mutating func readLetters(_ length: Int) throws -> String {
        // Written in place: two-letter codes become small strings without a heap allocation.
        try String(unsafeUninitializedCapacity: length) { buffer in
            for index in 0..<length {
                let value = try read(6)
                guard value <= 25 else {
                    throw ConsentStringError(.invalidValue, "a letter code \(value) is outside A (0) to Z (25)")
                }
                buffer[index] = UInt8(value) &+ 65
            }
            return length
        }
    }
}

extension BitWriter {
    /// Writes each value of `values` in `width` bits.
    mutating func writeList(_ values: [Int], width: Int) throws {
        for value in values { try write(value, width: width) }
    }

    /// Writes upper-case letters as 6-bit values, `A` = 0.
    mutating func writeLetters(_ text: String, length: Int) throws {
        let units = Array(text.utf8)
        guard units.count == length, units.allSatisfy({ (65...90).contains($0) }) else {
            throw ConsentStringError(.invalidValue, "'\(text)' is not \(length) upper-case letters")
        }
        for unit in units { try write(Int(unit - 65), width: 6) }
    }
}
