#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole UTF-8 file with the C library, keeping the tests free of Foundation.
func readText(_ path: String) throws -> String {
    guard let file = fopen(path, "rb") else { throw ReadError(path: path) }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

struct ReadError: Error, CustomStringConvertible {
    let path: String
    var description: String { "cannot open \(path)" }
}
