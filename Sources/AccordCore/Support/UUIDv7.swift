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
        let hex = bytes.hexString
        let cuts = [8, 12, 16, 20].map { hex.index(hex.startIndex, offsetBy: $0) }
        return [hex[..<cuts[0]], hex[cuts[0]..<cuts[1]], hex[cuts[1]..<cuts[2]], hex[cuts[2]..<cuts[3]], hex[cuts[3]...]]
            .joined(separator: "-")
    }
}

extension EventID {
    /// A new time-ordered id.
    public static func make(at time: Date) -> EventID { EventID(rawValue: UUIDv7.make(at: time)) }
}
