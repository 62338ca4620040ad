import ConsentStrings
import Testing

@Suite("Fibonacci and range vectors (gpp_fibonacci_bits.json)")
struct FibonacciVectorTests {
    static let vectors = Vector.load("gpp_fibonacci_bits")

    static func decode(_ vector: Vector) throws -> JSONValue {
        var reader = try BitReader(binary: vector.string)
        switch vector.kind {
        case "fibonacci-int": return .int(try reader.readFibonacci())
        case "fibonacci-range": return .ints(try IDSet.readFibonacciRange(from: &reader))
        default: return .ints(try IDSet.readIntRange(from: &reader))
        }
    }

    static func encode(_ vector: Vector) throws -> String {
        var writer = BitWriter()
        switch (vector.kind, vector.decoded) {
        case ("fibonacci-int", .int(let value)): try writer.writeFibonacci(value)
        case ("fibonacci-range", .array(let items)):
            try IDSet(items.compactMap { if case .int(let id) = $0 { id } else { nil } }).writeFibonacciRange(to: &writer)
        case (_, .array(let items)):
            try IDSet(items.compactMap { if case .int(let id) = $0 { id } else { nil } }).writeIntRange(to: &writer)
        default: break
        }
        return writer.binary
    }

    @Test("decodes and encodes bit for bit", arguments: vectors.filter { !$0.expectsError })
    func roundTrips(_ vector: Vector) throws {
        #expect(try Self.decode(vector) == vector.decoded)
        #expect(try Self.encode(vector) == vector.string)
    }

    @Test("rejects malformed bit strings", arguments: vectors.filter(\.expectsError))
    func rejects(_ vector: Vector) {
        #expect(throws: ConsentStringError.self) { try Self.decode(vector) }
    }
}
