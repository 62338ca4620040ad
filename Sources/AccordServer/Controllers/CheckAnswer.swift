import AccordCore

/// Writes a check's answer, `{"results":{"<subject>":{"<purpose>":true,...},...}}`, byte for byte as `JSONWriter`
/// writes it (`CheckAnswerTests` compares the two), with each purpose's member (`"analytics":true` and its `false`
/// twin, comma included) encoded once per request instead of once per subject and purpose.
struct CheckAnswer {
    private(set) var bytes: [UInt8]
    /// Per purpose, in answer order: its member with `true` and with `false`, after a comma but for the first.
    private let members: [(allowed: [UInt8], refused: [UInt8])]
    private var first = true

    init(purposes: [String], subjects: Int) {
        members = purposes.enumerated().map { position, key in
            var member: [UInt8] = position == 0 ? [] : [UInt8(ascii: ",")]
            JSONWriter.appendQuoted(key, to: &member)
            member.append(UInt8(ascii: ":"))
            return (member + Array("true".utf8), member + Array("false".utf8))
        }
        let perSubject = members.reduce(0) { $0 + $1.refused.count }
        bytes = []
        bytes.reserveCapacity(16 + subjects * (32 + perSubject))
        bytes.append(contentsOf: #"{"results":{"#.utf8)
    }

    /// Adds a subject's object: `allowed(position)` is the decision for the purpose at that position.
    mutating func subject(_ spelling: String, allowed: (Int) -> Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        JSONWriter.appendQuoted(spelling, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(UInt8(ascii: "{"))
        for position in members.indices {
            bytes.append(contentsOf: allowed(position) ? members[position].allowed : members[position].refused)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The whole document.
    mutating func finish() -> [UInt8] {
        bytes.append(contentsOf: "}}".utf8)
        return bytes
    }
}
