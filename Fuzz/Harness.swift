// libFuzzer harnesses for the consent-string codecs, the Global Vendor List parser and the JSON readers (the
// server's duplicate-key scanner that runs before every JSON request body is decoded, and ConsentStrings' own
// JSON parser with the TC string and GPP decoders from JSON that `accord tcf encode` / `gpp encode` use), built by scripts/fuzz.sh
// with `swiftc -sanitize=fuzzer,address` over the sources they test. One file, one harness per compilation
// condition (FUZZ_TCF, FUZZ_GPP, ...), so the harnesses cannot drift from each other.
// A harness crashes (and libFuzzer saves the input) when a decoder traps, or when decode → encode → decode is
// not the identity for an input the decoder accepted.
import Foundation

@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError(message())
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    #if FUZZ_GVL
        _ = try? GlobalVendorList.parse(bytes)
    #elseif FUZZ_JSON
        _ = JSONDuplicateKeys.first(in: UnsafeRawBufferPointer(start: start, count: count))
        if let text = String(data: bytes, encoding: .utf8), let value = try? JSONValue(parsing: text) {
            _ = try? TCString(json: value)
            _ = try? GPPString(json: value)
        }
    #else
        guard let text = String(data: bytes, encoding: .utf8) else { return 0 }
        #if FUZZ_TCF
            if let decoded = try? TCString(text) {
                let encoded = try? decoded.encoded()
                require(encoded != nil, "a decoded TC string does not encode: \(text)")
                let again = try? TCString(encoded!)
                require(again == decoded, "TC string round trip differs: \(text) -> \(encoded!)")
            }
        #elseif FUZZ_GPP
            if let decoded = try? GPPString(text) {
                let encoded = try? decoded.encoded()
                require(encoded != nil, "a decoded GPP string does not encode: \(text)")
                let again = try? GPPString(encoded!)
                require(again == decoded, "GPP string round trip differs: \(text) -> \(encoded!)")
            }
        #elseif FUZZ_USP
            if let decoded = try? USPrivacyString(text) {
                let encoded = try? decoded.encoded()
                require(encoded != nil, "a decoded US Privacy string does not encode: \(text)")
                require((try? USPrivacyString(encoded!)) == decoded, "US Privacy round trip differs: \(text)")
            }
        #elseif FUZZ_TCFCA
            if let decoded = try? TCFCanadaString(text) {
                let encoded = try? decoded.encoded()
                require(encoded != nil, "a decoded TCF Canada string does not encode: \(text)")
                require((try? TCFCanadaString(encoded!)) == decoded, "TCF Canada round trip differs: \(text)")
            }
        #endif
    #endif
    return 0
}
