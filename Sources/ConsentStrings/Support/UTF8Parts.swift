extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the index and bytes of each part between `separator` bytes, without
    /// allocating; an empty input has one empty part.
    func forEachPart(
        separatedBy separator: UInt8, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        var start = 0
        var index = 0
        while true {
            let end = firstIndex(of: separator, from: start)
            try body(index, UnsafeBufferPointer(rebasing: self[start..<end]))
            guard end < count else { return }
            index += 1
            start = end + 1
        }
    }

    /// The index of the first `byte` at or after `start`, or `count`; compares eight bytes at a time.
    func firstIndex(of byte: UInt8, from start: Int) -> Int {
        var index = start
        if let base = baseAddress {
            let raw = UnsafeRawPointer(base)
            let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
            while index &+ 8 <= count {
                // A zero byte in `word` marks a match (the classic has-zero-byte test).
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ pattern
                if (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080 != 0 { break }
                index &+= 8
            }
        }
        while index < count && self[index] != byte { index &+= 1 }
        return index
    }

    /// How many times `byte` occurs.
    func occurrences(of byte: UInt8) -> Int {
        var found = 0
        var index = firstIndex(of: byte, from: 0)
        while index < count {
            found += 1
            index = firstIndex(of: byte, from: index + 1)
        }
        return found
    }
}

extension String {
    /// Runs `body` over the string's contiguous UTF-8 bytes.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var copy = self
        return try copy.withUTF8(body)
    }
}
