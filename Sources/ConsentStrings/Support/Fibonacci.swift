/// Fibonacci coding (Zeckendorf representation terminated by an extra `1`), as used by the GPP
/// header's section-id range.
enum Fibonacci {
    /// 1, 2, 3, 5, 8, … up to the largest value below 2^62.
    static let numbers: [Int] = {
        var values = [1, 2]
        while let last = values.last, last < (1 << 61) { values.append(values[values.count - 2] + last) }
        return values
    }()

    /// Reads one Fibonacci-coded positive integer.
    static func read(from reader: inout BitReader) throws -> Int {
        var value = 0
        var previous = false
        var index = 0
        let start = reader.position
        while true {
            let bit = try reader.readBool()
            if bit && previous { return value }
            if bit {
                guard index < numbers.count else {
                    throw ConsentStringError(.invalidValue, "fibonacci integer too large", bitOffset: start)
                }
                value += numbers[index]
            }
            previous = bit
            index += 1
        }
    }

    /// Writes a positive integer in Fibonacci coding.
    static func write(_ value: Int, to writer: inout BitWriter) throws {
        guard value >= 1 else { throw ConsentStringError(.invalidValue, "fibonacci coding needs a positive integer") }
        var bits: [Bool] = []
        var left = value
        for number in numbers.reversed() {
            if number <= left {
                bits.append(true)
                left -= number
            } else if !bits.isEmpty {
                bits.append(false)
            }
        }
        for bit in bits.reversed() { writer.write(bit) }
        writer.write(true)
    }
}

extension IDSet {
    /// Reads a Fibonacci range: a 12-bit entry count, then per entry a range flag, the Fibonacci
    /// coded offset from the previous identifier and, for a range, the Fibonacci coded length.
    public static func readFibonacciRange(from reader: inout BitReader) throws -> IDSet {
        var set = IDSet()
        let entries = try reader.readInt(12)
        var last = 0
        for _ in 0..<entries {
            let isRange = try reader.readBool()
            // `last` is at most the limit and a Fibonacci integer below 2^62, so neither sum can overflow.
            let start = last + (try Fibonacci.read(from: &reader))
            last = isRange ? start + (try Fibonacci.read(from: &reader)) : start
            guard last <= largestFibonacciRangeID else {
                throw ConsentStringError(.invalidValue, "identifier \(last) is above \(largestFibonacciRangeID)")
            }
            set.insert(contentsOf: start...last)
        }
        return set
    }

    /// The largest identifier a Fibonacci range may name: vendor and section ids are 16-bit fields everywhere else
    /// in the TCF and GPP. Unbounded, a few bytes could name a range of 2^61 identifiers, and decoding them would
    /// try to allocate as many bits (found by libFuzzer: one short GPP header exhausted memory).
    static let largestFibonacciRangeID = 65_535

    /// Writes the identifiers as a Fibonacci range, runs of two or more as one entry.
    public func writeFibonacciRange(to writer: inout BitWriter) throws {
        let runs = self.runs
        try writer.write(runs.count, width: 12)
        var last = 0
        for run in runs {
            writer.write(run.count > 1)
            try Fibonacci.write(run.lowerBound - last, to: &writer)
            if run.count > 1 { try Fibonacci.write(run.upperBound - run.lowerBound, to: &writer) }
            last = run.upperBound
        }
    }
}

extension BitReader {
    /// Reads one Fibonacci-coded positive integer.
    public mutating func readFibonacci() throws -> Int { try Fibonacci.read(from: &self) }
}

extension BitWriter {
    /// Writes a positive integer in Fibonacci coding.
    public mutating func writeFibonacci(_ value: Int) throws { try Fibonacci.write(value, to: &self) }
}
