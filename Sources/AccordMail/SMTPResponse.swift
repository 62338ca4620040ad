import NIOCore

/// One SMTP reply: its three-digit code and the text of its lines (continuation lines included).
struct SMTPResponse: Sendable, Hashable {
    var code: Int
    var lines: [String]

    /// The EHLO keywords (first word of each line after the greeting line), upper case.
    var extensions: Set<String> {
        Set(lines.dropFirst().compactMap { $0.split(separator: " ").first.map { $0.uppercased() } })
    }

    /// The mechanisms an `AUTH` extension line lists, upper case.
    var authMechanisms: Set<String> {
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            if words.first == "AUTH" { return Set(words.dropFirst()) }
        }
        return []
    }
}

/// Splits the byte stream into replies: lines `NNN-text` continue a reply, `NNN text` (or `NNN`) ends it.
struct SMTPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPResponse

    /// A line longer than this is no SMTP; the connection is dropped rather than buffering without end.
    static let maximumLine = 4096
    private var lines: [String] = []
    private var code: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > Self.maximumLine { throw MailDeliveryFailure.malformedReply }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline) + 1
        guard let raw = buffer.readBytes(length: length) else { return .needMoreData }
        let line = String(decoding: raw.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, let lineCode = Int(String(decoding: bytes.prefix(3), as: UTF8.self)), (200...599).contains(lineCode)
        else { throw MailDeliveryFailure.malformedReply }
        if let code, code != lineCode { throw MailDeliveryFailure.malformedReply }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes.dropFirst(4), as: UTF8.self) : "")
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") { return .continue }
        context.fireChannelRead(wrapInboundOut(SMTPResponse(code: lineCode, lines: lines)))
        lines = []
        code = nil
        return .continue
    }
}

/// What went wrong on the wire, before it is sorted into temporary and permanent.
enum MailDeliveryFailure: Error {
    case malformedReply
    case timedOut
    case connectionClosed
}
