import AccordCore

/// Writes a check's answer, `{"results":{"<subject>":{"<purpose>":true,...},...}}`, byte for byte as `JSONWriter`
/// writes it (`CheckAnswerTests` compares the two), with each purpose's member name (`"analytics":`, after a comma
/// but for the first) encoded once per request instead of once per subject and purpose.
struct CheckAnswer {
    private(set) var bytes: [UInt8]
    /// The purposes' member names, one after another, in answer order.
    private let names: [UInt8]
    /// Where each purpose's member name ends in `names` (it starts where the previous one ends).
    private let ends: [Int]
    private var first = true

    init(purposes: [String], subjects: Int) {
        var names: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(purposes.count)
        for (position, key) in purposes.enumerated() {
            if position > 0 { names.append(UInt8(ascii: ",")) }
            JSONWriter.appendQuoted(key, to: &names)
            names.append(UInt8(ascii: ":"))
            ends.append(names.count)
        }
        self.names = names
        self.ends = ends
        bytes = []
        bytes.reserveCapacity(16 + subjects * (32 + names.count + 5 * purposes.count))
        bytes.append(contentsOf: #"{"results":{"#.utf8)
    }

    /// Adds a subject's object: `allowed(position)` is the decision for the purpose at that position.
    mutating func subject(_ spelling: String, allowed: (Int) -> Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONWriter.appendQuoted(spelling, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: "{"))
        var start = 0
        for (position, end) in ends.enumerated() {
            bytes.append(contentsOf: names[start..<end])
            start = end
            if allowed(position) {
                bytes.append(contentsOf: "true".utf8)
            } else {
                bytes.append(contentsOf: "false".utf8)
            }
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The whole document.
    mutating func finish() -> [UInt8] {
        bytes.append(contentsOf: "}}".utf8)
        return bytes
    }
}
