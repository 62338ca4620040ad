import Foundation
import Testing

@testable import AccordServer

@Suite struct JSONDuplicateKeysTests {
    static func first(_ json: String) -> String? { JSONDuplicateKeys.first(in: Array(json.utf8)) }

    @Test(arguments: [
        (#"{"a":1,"a":2}"#, "a"),
        (#"{"a":1,"\u0061":2}"#, "a"),
        (#"{"\u00e9":1,"é":2}"#, "é"),
        (#"{"e\u0301":1,"é":2}"#, "é"),  // canonically equivalent: the decoder's Swift strings are equal
        (#"{"\ud83d\ude00":1,"😀":2}"#, "😀"),
        (#"{"a\"b":1,"a\u0022b":2}"#, #"a"b"#),
        (#"{"x":{"choices":{"analytics":"granted","analytics":"denied"}}}"#, "x.choices.analytics"),
        (#"{"purposes":[{"key":"a"},{"key":"b","key":"c"}]}"#, "purposes[1].key"),
        (#"[[1,2],{"z":{},"z":[]}]"#, "[1].z"),
    ])
    func findsTheDuplicateWithItsPath(json: String, path: String) {
        #expect(Self.first(json) == path)
    }

    @Test(arguments: [
        #"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#,
        #"{"a":"{\"a\":1,\"a\":2}","b":"\\","c":"]}"}"#,
        #"{"ab":1,"a\u0062c":2}"#,
        #"["a","a",{"a":["a"]}]"#,
        #""just a string""#,
        "",
        #"{"a":1,"b":"#,
        "}}]]{[",
    ])
    func acceptsDistinctKeysAndLeavesMalformedInputToTheDecoder(json: String) {
        #expect(Self.first(json) == nil)
    }

    @Test func largeObjectsSwitchToASetAndStillFindDuplicates() {
        let members = (0..<2_000).map { #""\#($0)":\#($0)"# }
        #expect(Self.first("{" + members.joined(separator: ",") + "}") == nil)
        #expect(Self.first("{" + members.joined(separator: ",") + #","1999":0}"#) == "1999")
        #expect(Self.first("{" + members.joined(separator: ",") + #","\u0037":0}"#) == "7")
    }

    @Test func deepNestingNeitherRecursesNorCrashes() {
        let deep = String(repeating: "[", count: 100_000) + #"{"a":1,"a":2}"# + String(repeating: "]", count: 100_000)
        #expect(Self.first(deep) == String(repeating: "[0]", count: 100_000) + ".a")
    }
}
