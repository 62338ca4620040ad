import Foundation

/// The `sequence` a webhook's `data` carries: per (property, subject), strictly increasing with every message about
/// the subject, whatever its type or channel, in the order the messages were committed; a receiver drops anything
/// not above what it has. Messages about no subject count per property.
///
/// Each store keeps the last number per (property, subject) and takes the next in the message's own transaction
/// (on PostgreSQL under that row's lock, so instances sharing one database number one subject's messages in commit
/// order). The next number is `next(after:at:)`: one more than the last, but never below the message time in
/// milliseconds times `perMillisecond`. That floor keeps numbers growing across a move to another database (an
/// export carries undelivered messages, not the counters) and above the outbox-wide numbers messages queued before
/// per-subject counting were sent with.
public enum SubjectSequence {
    /// Room for this many messages about one subject within one millisecond before the floor matters.
    public static let perMillisecond: Int64 = 1024

    /// The lowest number a message written at `time` gets.
    public static func floor(at time: Date) -> Int64 { time.millisecondsSince1970 * perMillisecond }

    /// The number after `last` (nil before the subject's first message) for a message written at `time`.
    public static func next(after last: Int64?, at time: Date) -> Int64 { max((last ?? 0) + 1, floor(at: time)) }
}
