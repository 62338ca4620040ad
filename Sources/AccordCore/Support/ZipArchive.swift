import Foundation

/// A ZIP file (PKWARE APPNOTE 6.3) of stored entries, written in memory: the access package's container. Entries are
/// stored uncompressed (method 0) with their CRC-32, names in UTF-8 (flag bit 11), so `unzip -t`, Python's
/// `zipfile` and every archive tool open it. Packages are small (one subject's rows), so no compression is needed.
public struct ZipArchive: Sendable {
    private var body: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0
    private let time: UInt16
    private let date: UInt16

    /// An empty archive whose entries carry `modified` (MS-DOS time, UTC, two-second resolution).
    public init(modified: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        date = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Adds a file.
    public mutating func add(_ name: String, _ contents: [UInt8]) {
        let nameBytes = Array(name.utf8)
        let crc = Self.crc32(contents)
        let offset = UInt32(body.count)
        var local: [UInt8] = []
        local.le32(0x0403_4b50)
        local.le16(20)
        local.le16(0x0800)
        local.le16(0)
        local.le16(time)
        local.le16(date)
        local.le32(crc)
        local.le32(UInt32(contents.count))
        local.le32(UInt32(contents.count))
        local.le16(UInt16(nameBytes.count))
        local.le16(0)
        body += local + nameBytes + contents
        directory.le32(0x0201_4b50)
        directory.le16(20)
        directory.le16(20)
        directory.le16(0x0800)
        directory.le16(0)
        directory.le16(time)
        directory.le16(date)
        directory.le32(crc)
        directory.le32(UInt32(contents.count))
        directory.le32(UInt32(contents.count))
        directory.le16(UInt16(nameBytes.count))
        directory.le16(0)
        directory.le16(0)
        directory.le16(0)
        directory.le16(0)
        directory.le32(0o100644 << 16)
        directory.le32(offset)
        directory += nameBytes
        count += 1
    }

    /// The archive's bytes.
    public var bytes: [UInt8] {
        var end: [UInt8] = []
        end.le32(0x0605_4b50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(count))
        end.le16(UInt16(count))
        end.le32(UInt32(directory.count))
        end.le32(UInt32(body.count))
        end.le16(0)
        return body + directory + end
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    /// CRC-32 (ISO 3309, the ZIP and gzip one).
    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

extension [UInt8] {
    fileprivate mutating func le16(_ value: UInt16) { append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8)]) }
    fileprivate mutating func le32(_ value: UInt32) {
        append(contentsOf: [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 24)])
    }
}
