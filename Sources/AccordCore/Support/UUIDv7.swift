import Foundation

/// RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then random bits; they sort by creation time,
/// which keeps the event table's primary-key index append-mostly.
enum UUIDv7 {
    static func make(at time: Date) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let milliseconds = UInt64(max(0, time.millisecondsSince1970))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        var generator = SystemRandomNumberGenerator()
        for index in 6..<16 { bytes[index] = generator.next() }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension EventID {
    /// A new time-ordered id.
    public static func make(at time: Date) -> EventID { EventID(rawValue: UUIDv7.make(at: time)) }
}
