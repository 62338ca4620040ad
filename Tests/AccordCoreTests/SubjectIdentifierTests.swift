import AccordCore
import Foundation
import Testing

/// Security probe, finding 2: canonically equivalent spellings of a subject id are one subject.
@Suite struct SubjectIdentifierTests {
    /// Pairs that look the same but differ in bytes: composed and decomposed forms (UAX #15).
    static let equivalentPairs: [(String, String)] = [
        ("Jos\u{E9}", "Jose\u{301}"),  // é: U+00E9 vs e + COMBINING ACUTE ACCENT
        ("\u{C5}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m"),  // Å, ö
        ("\u{1E69}", "s\u{323}\u{307}"),  // ṩ: one code point vs s + dot below + dot above
        ("\u{1E69}", "s\u{307}\u{323}"),  // the marks in the other order: canonical ordering makes them equal
        ("\u{AC00}", "\u{1100}\u{1161}"),  // 가: Hangul syllable vs conjoining jamo
        ("ren\u{E9}e@example.com", "rene\u{301}e@EXAMPLE.com"),  // e-mail: NFC and case
    ]

    @Test(arguments: equivalentPairs)
    func equivalentSpellingsShareOnePseudonym(_ pair: (String, String)) {
        #expect(Array(pair.0.utf8) != Array(pair.1.utf8))
        let pseudonymizer = SubjectPseudonymizer(secret: Array(repeating: 7, count: 32))
        #expect(pseudonymizer.key(for: pair.0, in: "demo") == pseudonymizer.key(for: pair.1, in: "demo"))
        #expect(Array(SubjectIdentifier.normalize(pair.0).utf8) == Array(SubjectIdentifier.normalize(pair.1).utf8))
    }

    @Test func emailShapedIdsAreCaseInsensitiveAndOthersAreNot() {
        #expect(SubjectIdentifier.normalize("Alice@Example.COM") == "alice@example.com")
        #expect(SubjectIdentifier.normalize("\u{130}lker@example.com") == "i\u{307}lker@example.com".precomposedStringWithCanonicalMapping)
        // Not e-mail-shaped: account numbers and visitor ids keep their case.
        #expect(SubjectIdentifier.normalize("CRM-Customer-17") == "CRM-Customer-17")
        #expect(SubjectIdentifier.normalize("a@b@c") == "a@b@c")
        #expect(SubjectIdentifier.normalize("Jose\u{301}") == "Jos\u{E9}")
        let pseudonymizer = SubjectPseudonymizer(secret: Array(repeating: 7, count: 32))
        #expect(pseudonymizer.key(for: "ABC", in: "demo") != pseudonymizer.key(for: "abc", in: "demo"))
    }

    @Test func validationMeasuresTheNormalisedForm() throws {
        // 128 decomposed é's are 384 bytes, but 256 once composed: within the limit.
        let decomposed = String(repeating: "e\u{301}", count: 128)
        #expect(decomposed.utf8.count == 384)
        let subject = try ConsentEventBuilder.validateSubject(decomposed)
        #expect(subject.utf8.count == 256)
        #expect(throws: ConsentRequestError.subjectTooLong) { try ConsentEventBuilder.validateSubject(decomposed + "x") }
    }
}
