extension UnsafeBufferPointer<UInt8> {
    /// Calls `body` with the index and bytes of each part between `separator` bytes, without
    /// allocating; an empty input has one empty part.
    func forEachPart(
        separatedBy separator: UInt8, _ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void
    ) rethrows {
        var start = 0
        var index = 0
        for position in 0...count {
            if position == count || self[position] == separator {
                try body(index, UnsafeBufferPointer(rebasing: self[start..<position]))
                index += 1
                start = position + 1
            }
        }
    }
}

extension String {
    /// Runs `body` over the string's contiguous UTF-8 bytes.
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        var copy = self
        return try copy.withUTF8(body)
    }
}
