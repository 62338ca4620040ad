import ConsentStrings
import Testing

/// The word-at-a-time paths (base64url groups, 64-bit field reads, run inserts, separator scans) agree with
/// the bit-by-bit definitions on every length and offset.
@Suite struct FastPathTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// Bits of a base64url text, six per character, the slow way.
    static func bits(of text: String) -> [Bool] {
        text.flatMap { character -> [Bool] in
            let value = alphabet.firstIndex(of: character)!
            return (0..<6).map { value >> (5 - $0) & 1 == 1 }
        }
    }

    @Test(arguments: 1...13)
    func everyFieldWidthAtEveryOffsetReadsTheBitsInOrder(length: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator)! })
        let bits = Self.bits(of: text)
        for start in 0..<bits.count {
            for width in 0...min(64, bits.count - start) {
                var reader = try BitReader(base64URL: text)
                try reader.skip(start)
                let expected = bits[start..<start + width].reduce(UInt64(0)) { $0 << 1 | ($1 ? 1 : 0) }
                #expect(try reader.read(width) == expected, "\(text) start \(start) width \(width)")
            }
            var reader = try BitReader(base64URL: text)
            try reader.skip(start)
            #expect(throws: ConsentStringError(.truncated, "")) { try reader.read(bits.count - start + 1) }
        }
    }

    @Test func badCharacterIsNamedByItsPosition() {
        do {
            _ = try BitReader(base64URL: "AAAAAAA*AAAA")
            Issue.record("accepted a bad character")
        } catch let error as ConsentStringError {
            #expect(error.code == .invalidBase64)
            #expect(error.bitOffset == 42)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func insertingARunEqualsInsertingEachIdentifier() {
        for (low, high) in [(1, 1), (1, 64), (64, 65), (3, 200), (63, 129), (0, 5), (500, 3_500), (7, 6)] {
            var fast = IDSet([9_000])
            fast.insert(contentsOf: min(low, high)...max(low, high))
            var slow = IDSet([9_000])
            for id in min(low, high)...max(low, high) { slow.insert(id) }
            #expect(fast == slow, "\(low)...\(high)")
        }
    }

    @Test func vendorSectionsRoundTripInBothEncodings() throws {
        var generator = SystemRandomNumberGenerator()
        var samples: [IDSet] = [[], [1], [64], [65], [1, 2, 3, 64, 65, 66, 128, 129], IDSet(1...3_000), IDSet(63...130)]
        for density in [2, 10, 200] {
            samples.append(IDSet((1...2_000).filter { _ in Int.random(in: 0..<density, using: &generator) == 0 }))
        }
        for ids in samples {
            var writer = BitWriter()
            try ids.writeIntRange(to: &writer)
            var reader = try BitReader(binary: writer.binary)
            #expect(try IDSet.readIntRange(from: &reader) == ids)
            writer = BitWriter()
            try ids.writeVendorSection(to: &writer)
            reader = try BitReader(binary: writer.binary)
            #expect(try IDSet.readVendorSection(from: &reader) == ids)
        }
    }

    @Test func separatorsAreCountedAcrossWordBoundaries() throws {
        for count in 0...9 {
            let string = "DBABTA" + String(repeating: "~1YNN", count: count)
            if count == 1 {
                #expect(try GPPString(string).sections.count == 1)
            } else {
                #expect(throws: ConsentStringError(.sectionCountMismatch, "")) { try GPPString(string) }
            }
        }
        let tc = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"
        #expect(try TCString(tc + ".IAAA").segments.count == 1)
        #expect(throws: ConsentStringError(.empty, "")) { try TCString(tc + "..IAAA") }
        #expect(throws: ConsentStringError(.empty, "")) { try TCString(".IAAA") }
    }
}
