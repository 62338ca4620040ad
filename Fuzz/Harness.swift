// libFuzzer harnesses for the consent-string codecs, the Global Vendor List parser and the JSON readers (the
// server's duplicate-key scanner that runs before every JSON request body is decoded, and ConsentStrings' own
// JSON parser with the TC string and GPP decoders from JSON that `accord tcf encode` / `gpp encode` use), built
// once by scripts/fuzz.sh with `swiftc -sanitize=fuzzer,address` over the sources they test; `FUZZ_TARGET` picks
// the harness at run time, so one build serves them all.
// A harness crashes (and libFuzzer saves the input) when a decoder traps, or when decode → encode → decode is
// not the identity for an input the decoder accepted.
import Foundation

@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError(message())
    }
}

/// Round trip of a decoded value: encoding it must work and decoding the result must give the same value.
func roundTrip<T: Equatable>(_ text: String, _ decode: (String) throws -> T, _ encode: (T) throws -> String, _ name: String) {
    guard let decoded = try? decode(text) else { return }
    let encoded = try? encode(decoded)
    require(encoded != nil, "a decoded \(name) does not encode: \(text)")
    require((try? decode(encoded!)) == decoded, "\(name) round trip differs: \(text) -> \(encoded!)")
}

let target = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    if target == "gvl" {
        _ = try? GlobalVendorList.parse(bytes)
        return 0
    }
    if target == "json" {
        _ = JSONDuplicateKeys.first(in: UnsafeRawBufferPointer(start: start, count: count))
    }
    guard let text = String(data: bytes, encoding: .utf8) else { return 0 }
    switch target {
    case "tcf": roundTrip(text, { try TCString($0) }, { try $0.encoded() }, "TC string")
    case "tcfca": roundTrip(text, { try TCFCanadaString($0) }, { try $0.encoded() }, "TCF Canada string")
    case "gpp": roundTrip(text, { try GPPString($0) }, { try $0.encoded() }, "GPP string")
    case "usp": roundTrip(text, { try USPrivacyString($0) }, { try $0.encoded() }, "US Privacy string")
    case "json":
        if let value = try? JSONValue(parsing: text) {
            _ = try? TCString(json: value)
            _ = try? GPPString(json: value)
        }
    default: fatalError("FUZZ_TARGET must be tcf, tcfca, gpp, usp, gvl or json")
    }
    return 0
}
