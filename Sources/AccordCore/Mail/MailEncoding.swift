import Foundation

/// The MIME encodings mail needs, as pure functions: quoted-printable bodies (RFC 2045), encoded-word header
/// text (RFC 2047) and SMTP dot-stuffing (RFC 5321).
public enum MailEncoding {
    /// `text` as quoted-printable with CRLF line ends: every line break of the input (LF or CRLF) is a hard
    /// break, lines are at most 76 characters (soft breaks `=` CRLF), and everything but printable ASCII, and a
    /// space or tab at the end of a line, is written `=XX`.
    public static func quotedPrintable(_ text: String) -> String {
        var out = ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += "\r\n" }
            var current = ""
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let last = position == bytes.count - 1
                let plain =
                    (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                    || ((byte == 32 || byte == 9) && !last)
                let piece = plain ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                // Room for the soft break's "=" at the end of a full line.
                if current.utf8.count + piece.utf8.count > 75 {
                    out += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            out += current
        }
        return out
    }

    /// Header text as is when it is printable ASCII, otherwise as RFC 2047 encoded words (UTF-8, base64) of at most
    /// 30 bytes each (52 characters, so even the first line, after `Subject: `, stays within 78), never splitting a
    /// character, folded onto continuation lines.
    public static func headerText(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) && !clean.contains("=?") { return clean }
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in clean {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 30 {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// A display name for `From:`: a quoted string when it is printable ASCII, encoded words otherwise.
    public static func displayName(_ name: String) -> String {
        let clean = name.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) && !clean.contains("=?") {
            return "\"" + clean.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return headerText(clean)
    }

    /// The message as sent after `DATA`: a `.` doubled at the start of every line, CRLF line ends, and the
    /// terminating `CRLF . CRLF`.
    public static func dotStuffed(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 64)
        var lineStart = true
        var previous: UInt8 = 0
        for byte in data {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            if lineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            lineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !(out.count >= 2 && out[out.count - 2] == UInt8(ascii: "\r") && out[out.count - 1] == UInt8(ascii: "\n")) {
            out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        return out + Array(".\r\n".utf8)
    }
}
