import AccordCore
import Hummingbird

/// The `limit` and `cursor` query parameters of every listing, checked in one place so that every listing
/// refuses the same bad values the same way (422 naming the parameter) and openapi.yaml can state one rule.
struct ListPaging {
    static let defaultLimit = 50
    static let maximumLimit = 200

    /// What a listing's `nextCursor` holds.
    enum Cursor {
        /// The sequence number of the last item seen (events, policy versions, audit entries): 1 to 18 digits,
        /// no leading zero (openapi.yaml: `^[1-9][0-9]{0,17}$`).
        case sequence
        /// The id of the last property seen (openapi.yaml: `^[a-z0-9_-]{1,64}$`).
        case propertyID
        /// The id of the last webhook endpoint seen (openapi.yaml: `^wh_[0-9a-f]{24}$`).
        case webhookID
        /// The due date and id of the last request seen (openapi.yaml: `^[0-9]{1,19}\.req_[0-9a-f]{32}$`).
        case requestCursor
    }

    let limit: Int
    /// The cursor as given, already checked against its kind.
    let cursor: String?

    init(_ request: Request, cursor kind: Cursor) throws(APIError) {
        let query = request.uri.queryParameters
        if let text = query["limit"] {
            guard let value = Int(String(text)), (1...Self.maximumLimit).contains(value) else {
                throw .invalid("limit_invalid", "limit must be between 1 and \(Self.maximumLimit)", field: "limit")
            }
            limit = value
        } else {
            limit = Self.defaultLimit
        }
        cursor = query["cursor"].map(String.init)
        if let cursor, !Self.isWellFormed(cursor, kind) { throw Self.cursorInvalid }
    }

    /// A cursor that was never a `nextCursor`: refused, never read as the start or the end of the listing.
    static let cursorInvalid = APIError.invalid("cursor_invalid", "cursor must be a value returned as nextCursor", field: "cursor")

    /// The cursor of a `.sequence` listing as a number.
    var sequence: Int64? { cursor.flatMap { Int64($0) } }

    static func isWellFormed(_ cursor: String, _ kind: Cursor) -> Bool {
        switch kind {
        case .sequence:
            let digits = cursor.utf8
            return (1...18).contains(digits.count) && digits.first != UInt8(ascii: "0")
                && digits.allSatisfy { (0x30...0x39).contains($0) }
        case .propertyID:
            return PropertyID(rawValue: cursor).isWellFormed
        case .webhookID:
            let digits = cursor.utf8.dropFirst(3)
            return cursor.hasPrefix("wh_") && digits.count == 24
                && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        case .requestCursor:
            return RequestCursor(text: cursor) != nil
        }
    }
}
