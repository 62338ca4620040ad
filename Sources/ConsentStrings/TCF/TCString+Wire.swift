extension TCString {
    /// Decodes a TC string: the core segment, then any `.`-separated segments.
    ///
    /// Segments may carry `=` padding. Throws ``ConsentStringError`` with code `unsupportedVersion`
    /// for TCF v1 strings (see ``version(of:)``), `truncated` when a field runs past its segment.
    public init(_ string: String) throws {
        self = try string.withUTF8Bytes { try TCString(utf8: $0) }
    }

    /// Decodes a TC string from its UTF-8 bytes.
    public init(utf8 text: UnsafeBufferPointer<UInt8>) throws {
        var result: TCString?
        try text.forEachPart(separatedBy: UInt8(ascii: ".")) { index, part in
            guard !part.isEmpty else { throw ConsentStringError(.empty, "segment \(index) is empty") }
            var reader = try BitReader(base64URL: part)
            if index == 0 {
                let version = try reader.readInt(6)
                guard version == 2 else {
                    throw ConsentStringError(.unsupportedVersion, "TC string version \(version) is not 2", bitOffset: 0)
                }
                result = try TCString(coreFrom: &reader, version: version)
            } else {
                result?.segments.append(try TCSegment(from: &reader))
            }
        }
        guard let result else { throw ConsentStringError(.empty, "no core segment") }
        self = result
    }

    /// The encoding version in the first 6 bits of a TC string: 1 for TCF v1.x, 2 for TCF v2.x.
    public static func version(of string: String) throws -> Int {
        guard let first = string.utf8.first else { throw ConsentStringError(.empty, "empty TC string") }
        guard let value = Base64URL.sextet(first) else {
            throw ConsentStringError(.invalidBase64, "first character is not base64url", bitOffset: 0)
        }
        return Int(value)
    }

    /// Encodes the core and the segments, in order, each padded to a whole base64 quantum.
    public func encoded() throws -> String {
        var core = BitWriter()
        try encodeCore(to: &core)
        var parts = [core.base64URL(padding: .quantum)]
        for segment in segments {
            var writer = BitWriter()
            try segment.encode(to: &writer)
            parts.append(writer.base64URL(padding: .quantum))
        }
        return parts.joined(separator: ".")
    }
}
