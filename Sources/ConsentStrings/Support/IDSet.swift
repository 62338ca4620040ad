/// A set of positive integer identifiers (purposes, special features, vendors), kept as a bitmap.
///
/// Identifier `n` is bit `n - 1` counted from the most significant bit of the first word, the order
/// in which TCF and GPP bitfields are written, so a bitfield is read or written a word at a time.
/// The first 64 identifiers live inline, so purpose and feature sets never allocate.
public struct IDSet: Hashable, Sendable, Sequence, ExpressibleByArrayLiteral, CustomStringConvertible {
    var first: UInt64 = 0
    var rest: [UInt64] = []

    /// Creates an empty set.
    public init() {}

    /// Creates a set from identifiers; identifiers below 1 are ignored.
    public init(_ ids: some Sequence<Int>) {
        for id in ids { insert(id) }
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// Whether the set holds no identifier.
    public var isEmpty: Bool { first == 0 && rest.allSatisfy { $0 == 0 } }

    /// The number of identifiers in the set.
    public var count: Int { rest.reduce(first.nonzeroBitCount) { $0 + $1.nonzeroBitCount } }

    /// The largest identifier, or 0 for an empty set.
    public var maxID: Int {
        for index in stride(from: rest.count - 1, through: 0, by: -1) where rest[index] != 0 {
            return (index + 1) * 64 + 64 - rest[index].trailingZeroBitCount
        }
        return first == 0 ? 0 : 64 - first.trailingZeroBitCount
    }

    /// Whether `id` is in the set.
    public func contains(_ id: Int) -> Bool {
        guard id >= 1 else { return false }
        let word = (id - 1) >> 6
        let mask: UInt64 = 1 << UInt64(63 - (id - 1) & 63)
        if word == 0 { return first & mask != 0 }
        return word - 1 < rest.count && rest[word - 1] & mask != 0
    }

    /// Adds `id` to the set; identifiers below 1 are ignored.
    public mutating func insert(_ id: Int) {
        guard id >= 1 else { return }
        let word = (id - 1) >> 6
        setWord(word, self.word(word) | 1 << UInt64(63 - (id - 1) & 63))
    }

    /// Removes `id` from the set.
    public mutating func remove(_ id: Int) {
        guard contains(id) else { return }
        let word = (id - 1) >> 6
        setWord(word, self.word(word) & ~(1 << UInt64(63 - (id - 1) & 63)))
        while let last = rest.last, last == 0 { rest.removeLast() }
    }

    /// Makes room for identifiers up to `maxID` without further allocation.
    mutating func reserveCapacity(forMaxID maxID: Int) {
        if maxID > 64 { rest.reserveCapacity((maxID - 1) >> 6) }
    }

    /// Adds every identifier of a closed range.
    public mutating func insert(contentsOf range: ClosedRange<Int>) {
        let low = Swift.max(range.lowerBound, 1)
        let high = range.upperBound
        guard low <= high else { return }
        let firstWord = (low - 1) >> 6
        let lastWord = (high - 1) >> 6
        if lastWord > rest.count { rest.reserveCapacity(lastWord) }
        for index in firstWord...lastWord {
            // Identifier bits count from the most significant bit of each word.
            let startBit = index == firstWord ? (low - 1) & 63 : 0
            let endBit = index == lastWord ? (high - 1) & 63 : 63
            setWord(index, word(index) | (UInt64.max >> UInt64(startBit)) & (UInt64.max << UInt64(63 - endBit)))
        }
    }

    /// The identifiers in ascending order.
    public var sorted: [Int] { Array(self) }

    /// The membership of identifiers `1...length` as Booleans (index 0 = identifier 1).
    public func booleans(length: Int) -> [Bool] { (0..<length).map { contains($0 + 1) } }

    /// Creates a set from Booleans, index 0 = identifier 1.
    public init(booleans: [Bool]) {
        for (index, flag) in booleans.enumerated() where flag { insert(index + 1) }
    }

    public var description: String { "\(sorted)" }

    func word(_ index: Int) -> UInt64 { index == 0 ? first : (index - 1 < rest.count ? rest[index - 1] : 0) }

    mutating func setWord(_ index: Int, _ value: UInt64) {
        if index == 0 {
            first = value
            return
        }
        if value == 0 && index - 1 >= rest.count { return }
        while rest.count < index { rest.append(0) }
        rest[index - 1] = value
    }

    public func makeIterator() -> Iterator { Iterator(set: self) }

    /// Iterates identifiers in ascending order.
    public struct Iterator: IteratorProtocol {
        let set: IDSet
        var wordIndex = 0
        var current: UInt64

        init(set: IDSet) {
            self.set = set
            self.current = set.first
        }

        public mutating func next() -> Int? {
            while current == 0 {
                wordIndex += 1
                guard wordIndex <= set.rest.count else { return nil }
                current = set.rest[wordIndex - 1]
            }
            let bit = current.leadingZeroBitCount
            current &= ~(UInt64(1) << UInt64(63 - bit))
            return wordIndex * 64 + bit + 1
        }
    }
}
