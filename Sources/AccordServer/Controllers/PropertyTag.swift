import AccordCore
import Foundation
import Hummingbird

/// The admin API's entity tag of a property: a strong tag over its canonical JSON, sent as `ETag` with the
/// property and named in `If-Match` by a client that wants its edit to apply only to what it read.
enum PropertyTag {
    static func of(_ property: Property) -> String {
        EntityTag.strong(for: Array(AuditEntry.canonicalJSON(property).utf8))
    }

    /// The tags `If-Match` names, nil without the header. A value that is no tag simply matches nothing
    /// (RFC 9110, 13.1.1: the condition is true only if a listed tag matches), so it is a 412, not a 400.
    static func condition(_ request: Request) -> [String]? {
        guard let header = request.headers[.ifMatch] else { return nil }
        return header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
