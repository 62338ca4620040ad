import ConsentStrings
import Testing

@Suite("GPP vectors (gpp_iabgpp_es_tests.json, gpp_spec_examples.json)")
struct GPPVectorTests {
    static let vectors = Vector.load("gpp_iabgpp_es_tests") + Vector.load("gpp_spec_examples")
    static let positive = vectors.filter { !$0.expectsError }
    static let negative = vectors.filter(\.expectsError)

    @Test("the vector files hold every kind of case")
    func filesAreComplete() {
        #expect(Self.vectors.count == 158)
        #expect(Self.negative.count == 29)
    }

    @Test("decodes every field as the reference decoder does", arguments: positive)
    func decodesFields(_ vector: Vector) throws {
        expectFields(try GPPSubject(vector).json, vector.decoded)
    }

    @Test("re-encodes to a string with the same fields", arguments: positive)
    func reencodes(_ vector: Vector) throws {
        let subject = try GPPSubject(vector)
        let text = try subject.encoded()
        #expect(try subject.decodeAgain(text).json == subject.json)
        if vector.encodeAssertedBySource { #expect(text == vector.string) }
    }

    @Test("builds a string with the same fields from the JSON mapping", arguments: positive)
    func mapsFromJSON(_ vector: Vector) throws {
        let subject = try GPPSubject(vector)
        let built = try subject.fromJSON(vector.decoded)
        expectFields(try subject.decodeAgain(try built.encoded()).json, vector.decoded)
    }

    @Test("rejects negative vectors with a clear code", arguments: negative)
    func rejects(_ vector: Vector) {
        let codes: Set<ConsentStringError.Code> = [
            .truncated, .unsupportedVersion, .invalidSegmentType, .sectionCountMismatch, .empty, .invalidBase64,
        ]
        do {
            _ = try GPPSubject(vector)
            Issue.record("decoded although the reference rejects it")
        } catch let error as ConsentStringError {
            #expect(codes.contains(error.code), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
