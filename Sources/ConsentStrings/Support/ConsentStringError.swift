/// An error thrown while decoding, encoding or mapping a consent string.
///
/// Two errors are equal when their ``code`` is equal; the message and the location are there for
/// people reading logs and are ignored by `==`.
public struct ConsentStringError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The stable, lower-camel-case name of the code, e.g. `truncated`.
        public let name: String

        private init(_ name: String) { self.name = name }

        public var description: String { name }

        /// The input ended before a field that the format requires.
        public static let truncated = Code("truncated")
        /// A character is not part of the base64url alphabet, or padding is misplaced.
        public static let invalidBase64 = Code("invalidBase64")
        /// The version field names a version this library does not decode.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// A GPP section id or name is not known to this library.
        public static let unknownSection = Code("unknownSection")
        /// A segment starts with a segment type that is not allowed at that place.
        public static let invalidSegmentType = Code("invalidSegmentType")
        /// The number of GPP sections differs from the number the header lists.
        public static let sectionCountMismatch = Code("sectionCountMismatch")
        /// A character-based field (US Privacy) holds a character outside its alphabet.
        public static let invalidCharacter = Code("invalidCharacter")
        /// A value does not fit its field on encode, or is out of the allowed domain.
        public static let invalidValue = Code("invalidValue")
        /// A JSON document does not have the shape of the mapping.
        public static let invalidJSON = Code("invalidJSON")
        /// The input is empty where content is required.
        public static let empty = Code("empty")
    }

    /// What kind of problem was found; the only part that takes part in equality.
    public let code: Code
    /// A human-readable, lower-case explanation.
    public let message: String
    /// The bit position in the decoded segment at which the problem was found, when known.
    public let bitOffset: Int?
    /// The source file that raised the error.
    public let file: String
    /// The source line that raised the error.
    public let line: UInt

    /// Creates an error.
    public init(
        _ code: Code, _ message: String, bitOffset: Int? = nil, file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.bitOffset = bitOffset
        self.file = file
        self.line = line
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.code == rhs.code }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    public var description: String {
        if let bitOffset { return "\(code): \(message) (bit \(bitOffset))" }
        return "\(code): \(message)"
    }
}
