import AccordCore
import Foundation
import Logging
import Synchronization

/// `log.format: json`: one JSON object per line on standard error, for log collectors:
/// `{"level","message","metadata":{…},"request_id","route","time"}` (keys sorted; `request_id` and `route` only when
/// the line has them). Lines carry what the code logs, which never includes personal data: routes are patterns
/// and subjects are never logged.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable ([UInt8]) -> Void

    /// A handler writing to standard error, or to `write` (tests capture lines with it).
    public init(label: String, write: (@Sendable ([UInt8]) -> Void)? = nil) {
        self.label = label
        self.write = write ?? Self.standardError
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { _, new in new } }
        if let own = event.metadata { all.merge(own) { _, new in new } }
        let requestID = all.removeValue(forKey: "request_id")
        let route = all.removeValue(forKey: "accord.route")
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.field("label", label)
        json.field("level", event.level.rawValue)
        json.field("message", event.message.description)
        json.key("metadata")
        json.beginObject()
        for key in all.keys.sorted() { json.field(key, all[key]!.description) }
        json.endObject()
        if let requestID { json.field("request_id", requestID.description) }
        if let route { json.field("route", route.description) }
        json.field("time", Date().rfc3339)
        json.endObject()
        write(json.bytes + [UInt8(ascii: "\n")])
    }

    /// One `write(2)` a line, under a lock, so lines from concurrent requests never interleave.
    private static let lock = Mutex(())
    private static let standardError: @Sendable ([UInt8]) -> Void = { bytes in
        lock.withLock { _ in
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}

/// How log lines are written: `log.format` `text` (swift-log's stream handler, the default) or `json`.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// The server's logger in this format at `level`.
    public func logger(label: String = "accord", level: Logger.Level) -> Logger {
        var logger =
            switch self {
            case .text: Logger(label: label)
            case .json: Logger(label: label) { JSONLogHandler(label: $0) }
            }
        logger.logLevel = level
        return logger
    }
}
