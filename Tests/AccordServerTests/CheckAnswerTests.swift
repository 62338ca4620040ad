import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The check's answer writer gives the bytes `JSONWriter` gives for the same answer, and the answer order's byte
/// comparison orders spellings as their UTF-8 bytes do, whatever the strings' storage.
@Suite struct CheckAnswerTests {
    static let subjects = [
        "w1-1", "", "quote\"d", "back\\slash", "line\nfeed", "tab\tand\rreturn", "bell\u{7}", "del\u{7F}", "é", "e\u{301}",
        "😀 user", "İstanbul@example.com", String(repeating: "x", count: 300),
        NSString(string: "bridged-subject").description, String("prefix-customer-42".dropFirst(7)),
    ]

    /// What the controller wrote before: `JSONWriter`, member by member.
    static func written(_ subjects: [String], _ purposes: [String], _ allowed: (Int, Int) -> Bool) -> [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("results")
        json.beginObject()
        for (row, subject) in subjects.enumerated() {
            json.key(subject)
            json.beginObject()
            for (position, purpose) in purposes.enumerated() {
                json.key(purpose)
                json.bool(allowed(row, position))
            }
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return json.bytes
    }

    @Test(arguments: [[], ["analytics"], ["analytics", "email.newsletter", "marketing", "personalization"], ["we\"ird", "\u{1}"]])
    func answerIsByteForByteWhatJSONWriterWrites(purposes: [String]) {
        for count in [0, 1, 2, Self.subjects.count] {
            let subjects = Array(Self.subjects.prefix(count))
            let allowed = { (row: Int, position: Int) in (row * 7 + position * 3) % 5 < 2 }
            var answer = CheckAnswer(purposes: purposes, subjects: subjects.count)
            for (row, subject) in subjects.enumerated() { answer.subject(subject) { allowed(row, $0) } }
            let bytes = answer.finish()
            #expect(bytes == Self.written(subjects, purposes, allowed), "\(count) subjects, \(purposes)")
            #expect((try? JSONSerialization.jsonObject(with: Data(bytes))) != nil)
        }
    }

    @Test func quotedStringsAreWhatJSONWriterWrites() {
        let ascii = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        for subject in Self.subjects + ascii {
            var quoted: [UInt8] = []
            JSONWriter.appendQuoted(subject, to: &quoted)
            var json = JSONWriter()
            json.string(subject)
            #expect(quoted == json.bytes, "\(Array(subject.utf8))")
        }
    }

    @Test func byteComparisonOrdersAsTheUTF8Bytes() {
        let all = Self.subjects + ["a", "ab", "b", "\u{0}", "a\u{0}", "ä", "z"]
        for first in all {
            for second in all {
                let expected: Int =
                    Array(first.utf8).lexicographicallyPrecedes(Array(second.utf8))
                    ? -1 : (Array(first.utf8) == Array(second.utf8) ? 0 : 1)
                #expect(CheckController.compareUTF8(first, second).signum() == expected, "\(first) / \(second)")
            }
        }
    }
}
