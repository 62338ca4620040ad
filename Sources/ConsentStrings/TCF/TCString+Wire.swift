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
        // Built in place: a TC string holds several arrays, so each copy of one costs retains.
        let separator = UInt8(ascii: ".")
        let coreEnd = text.firstIndex(of: separator, from: 0)
        guard coreEnd > 0 else { throw ConsentStringError(.empty, "segment 0 is empty") }
        var reader = try BitReader(base64URL: UnsafeBufferPointer(rebasing: text[..<coreEnd]))
        let version = try reader.readInt(6)
        guard version == 2 else {
            throw ConsentStringError(.unsupportedVersion, "TC string version \(version) is not 2", bitOffset: 0)
        }
        try self.init(coreFrom: &reader, version: version)
        guard coreEnd < text.count else { return }
        var segments: [TCSegment] = []
        try UnsafeBufferPointer(rebasing: text[(coreEnd + 1)...]).forEachPart(separatedBy: separator) { index, part in
            guard !part.isEmpty else { throw ConsentStringError(.empty, "segment \(index + 1) is empty") }
            var reader = try BitReader(base64URL: part)
            segments.append(try TCSegment(from: &reader))
        }
        self.segments = segments
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
