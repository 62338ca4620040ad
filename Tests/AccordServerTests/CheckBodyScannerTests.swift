import Foundation
import Testing

@testable import AccordServer

/// The check's fast body reader gives exactly what `JSONDecoder` gives for the bodies it reads, and hands every
/// other body to the general path (nil), whose answers and errors stay as they were.
@Suite struct CheckBodyScannerTests {
    static func scan(_ json: String) -> CheckController.CheckBody? {
        Array(json.utf8).withUnsafeBytes { CheckBodyScanner.scan($0) }.map {
            CheckController.CheckBody(subjects: $0.subjects, purposes: $0.purposes)
        }
    }

    @Test(arguments: [
        #"{"subjects":["a"],"purposes":["analytics"]}"#,
        #"{"purposes":["analytics","marketing"],"subjects":["a","b","a"]}"#,
        #"{"subjects":[]}"#,
        #"{"subjects":["x"],"purposes":null}"#,
        #"{"subjects":["x"],"purposes":[]}"#,
        " \r\n\t{ \"subjects\" : [ \"x\" , \"y\" ] , \"purposes\" : [ ] } \n",
        #"{"subjects":["Ärger@example.com","e\#u{301}","😀","user 1"]}"#,
    ])
    func readsWhatTheDecoderReads(json: String) throws {
        let decoded = try JSONDecoder().decode(CheckController.CheckBody.self, from: Data(json.utf8))
        let scanned = try #require(Self.scan(json))
        #expect(scanned.subjects == decoded.subjects)
        #expect(scanned.purposes == decoded.purposes)
        // Byte for byte, not only by Swift's canonical equivalence.
        #expect(scanned.subjects.map { Array($0.utf8) } == decoded.subjects.map { Array($0.utf8) })
    }

    @Test(arguments: [
        "", "{}", "[]", "null", #"{"purposes":["a"]}"#,
        #"{"subjects":["a\"b"]}"#, #"{"subjects":["\u0061"]}"#, #"{"subj\u0065cts":["a"]}"#,
        #"{"subjects":["a"],"subjects":["b"]}"#, #"{"subjects":["a"],"purposes":null,"purposes":["x"]}"#,
        #"{"subjects":["a"],"other":1}"#, #"{"subjects":[1]}"#, #"{"subjects":"a"}"#, #"{"subjects":null}"#,
        #"{"subjects":["a"],}"#, #"{"subjects":["a",]}"#, #"{"subjects":["a"]}x"#, #"{"subjects":["a"]"#,
        #"{"subjects":["a"],"purposes":nul}"#, #"{"subjects":["a"],"purposes":nullx}"#, "{\"subjects\":[\"a\tb\"]}",
        "\u{FEFF}{\"subjects\":[\"a\"]}",
    ])
    func leavesEveryOtherBodyToTheDecoder(json: String) {
        #expect(Self.scan(json) == nil)
    }

    @Test func leavesInvalidUTF8ToTheDecoder() {
        var bytes = Array(#"{"subjects":["ab"]}"#.utf8)
        bytes[14] = 0xFF
        #expect(bytes.withUnsafeBytes { CheckBodyScanner.scan($0) } == nil)
        #expect((try? JSONDecoder().decode(CheckController.CheckBody.self, from: Data(bytes))) == nil)
    }

    @Test func answersEachSpellingOnceAtItsLastOccurrenceInByteOrder() {
        let subjects = ["b", "a", "é", "e\u{301}", "b", "ab", "a", ""]
        // The last "b" (4), the last "a" (6), "" (7), "ab" (5), and the two spellings of é apart, by their bytes.
        #expect(CheckController.answerOrder(subjects) == [7, 6, 5, 4, 3, 2])
        #expect(CheckController.answerOrder([]) == [])
    }
}
