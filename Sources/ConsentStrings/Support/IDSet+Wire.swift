extension IDSet {
    /// Reads a bitfield of `length` bits; bit `i` (from 0) stands for identifier `i + 1`.
    public static func readBitfield(_ length: Int, from reader: inout BitReader) throws -> IDSet {
        guard length <= reader.remaining else {
            throw ConsentStringError(
                .truncated, "bitfield of \(length) bits runs past the segment", bitOffset: reader.position)
        }
        var set = IDSet()
        set.first = reader.unchecked(Swift.min(64, length)) << UInt64(64 - Swift.min(64, length))
        guard length > 64 else { return set }
        var left = length - 64
        set.rest.reserveCapacity((left + 63) / 64)
        while left > 0 {
            let width = Swift.min(64, left)
            set.rest.append(reader.unchecked(width) << UInt64(64 - width))
            left -= width
        }
        while let last = set.rest.last, last == 0 { set.rest.removeLast() }
        return set
    }

    /// Writes identifiers `1...length` as a bitfield; identifiers above `length` are an error.
    public func writeBitfield(_ length: Int, to writer: inout BitWriter) throws {
        guard maxID <= length else {
            throw ConsentStringError(.invalidValue, "identifier \(maxID) does not fit a \(length)-bit field")
        }
        var word = 0
        var left = length
        while left > 0 {
            let width = Swift.min(64, left)
            writer.append(self.word(word) >> UInt64(64 - width), width: width)
            word += 1
            left -= width
        }
    }

    /// The identifiers grouped into runs of consecutive values, ascending.
    var runs: [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        forEachRun { result.append($0) }
        return result
    }

    /// Calls `body` with each run of consecutive identifiers, ascending, finding run ends a word at a time.
    func forEachRun(_ body: (ClosedRange<Int>) -> Void) {
        var start = 0  // the first identifier of the open run, 0 when none is open
        for index in 0...rest.count {
            // Bit `position` (0 = most significant) of word `index` stands for identifier index * 64 + position + 1.
            let word = self.word(index)
            let base = index * 64
            var position = 0
            while position < 64 {
                let shifted = word << UInt64(position)
                if start == 0 {
                    position += Swift.min(shifted.leadingZeroBitCount, 64 - position)
                    if position < 64 { start = base + position + 1 }
                } else {
                    position += Swift.min((~shifted).leadingZeroBitCount, 64 - position)
                    if position < 64 {
                        body(start...(base + position))
                        start = 0
                    }
                }
            }
        }
        if start != 0 { body(start...((rest.count + 1) * 64)) }
    }

    /// Reads a TCF/GPP integer range: a 12-bit entry count, then per entry a range flag and one or
    /// two 16-bit identifiers.
    public static func readIntRange(from reader: inout BitReader) throws -> IDSet {
        var set = IDSet()
        let entries = try reader.readInt(12)
        set.reserveCapacity(forMaxID: largestID(ofRange: entries, in: reader))
        for _ in 0..<entries {
            let isRange = try reader.readBool()
            let start = try reader.readInt(16)
            if isRange {
                let end = try reader.readInt(16)
                if start <= end { set.insert(contentsOf: start...end) }
            } else {
                set.insert(start)
            }
        }
        return set
    }

    /// The largest identifier of the `entries` range entries at the reader's position (0 when they are
    /// truncated: reading them for real then reports it), so the set is allocated once.
    private static func largestID(ofRange entries: Int, in reader: BitReader) -> Int {
        var scan = reader
        var largest = 0
        for _ in 0..<entries {
            guard let isRange = try? scan.readBool(), let first = try? scan.readInt(16) else { return 0 }
            guard isRange else {
                largest = Swift.max(largest, first)
                continue
            }
            guard let last = try? scan.readInt(16) else { return 0 }
            largest = Swift.max(largest, first, last)
        }
        return largest
    }

    /// Writes the identifiers as an integer range, runs of two or more as one entry.
    public func writeIntRange(to writer: inout BitWriter) throws {
        let runs = self.runs
        try writer.write(runs.count, width: 12)
        for run in runs {
            writer.write(run.count > 1)
            try writer.write(run.lowerBound, width: 16)
            if run.count > 1 { try writer.write(run.upperBound, width: 16) }
        }
    }

    /// The bit length of ``writeIntRange(to:)``'s output.
    var intRangeBitLength: Int {
        var length = 12
        forEachRun { length += $0.count > 1 ? 33 : 17 }
        return length
    }

    /// Reads a vendor section: a 16-bit maximum identifier, an encoding flag, then either a
    /// bitfield of that many bits or an integer range.
    public static func readVendorSection(from reader: inout BitReader) throws -> IDSet {
        let maxID = try reader.readInt(16)
        if try reader.readBool() { return try readIntRange(from: &reader) }
        return try readBitfield(maxID, from: &reader)
    }

    /// Writes a vendor section in whichever encoding is shorter (the range on a tie, as the reference encoders do).
    public func writeVendorSection(to writer: inout BitWriter) throws {
        let maxID = self.maxID
        try writer.write(maxID, width: 16)
        let useRange = intRangeBitLength <= maxID
        writer.write(useRange)
        if useRange {
            try writeIntRange(to: &writer)
        } else {
            try writeBitfield(maxID, to: &writer)
        }
    }
}
