import Foundation

/// The claims of an identify token: the site's backend says "this browser belongs to subject `sub` of property
/// `aud`, until `exp`", signed with the property's identity secret (`HS256`), and the SDK hands it to Accord
/// (`accord.identify(token)`) in place of an API key to link the browser's visitor id to that subject.
public struct IdentifyToken: Hashable, Sendable {
    /// The subject as the site knows it (`sub`): an account id or e-mail, pseudonymised like any subject.
    public var subject: String
    /// The property the token is for (`aud`).
    public var property: PropertyID
    /// When the token stops being accepted (`exp`).
    public var expiresAt: Date

    /// Claims from their values; `verify` is how they come from a token.
    public init(subject: String, property: PropertyID, expiresAt: Date) {
        self.subject = subject
        self.property = property
        self.expiresAt = expiresAt
    }

    /// The longest a token may live: a leaked token links for a day at most.
    public static let maximumLifetime: TimeInterval = 86_400

    /// Why a token was refused; each answers 401.
    public enum Failure: Error, Hashable, Sendable {
        /// Not a compact JWS, or its payload is not a JSON object with `sub`, `aud` and a numeric `exp`.
        case malformed
        /// Signed with another algorithm than `HS256`.
        case algorithm
        /// The signature does not verify with the property's identity secret.
        case signature
        /// `exp` has passed.
        case expired
        /// `aud` does not name this property.
        case audience
        /// `exp` is more than 24 hours ahead.
        case lifetime
        /// `sub` is empty or longer than 256 characters, or names another subject than the request.
        case subject
        /// The property has no identity secret yet (`POST /v1/admin/properties/{property}/identity-secret`).
        case noSecret

        /// One line for the API's error body; never the token's contents.
        public var message: String {
            switch self {
            case .malformed: "the identify token is not a compact JWS with sub, aud and exp claims"
            case .algorithm: "the identify token must be signed with HS256"
            case .signature: "the identify token's signature does not verify with the property's identity secret"
            case .expired: "the identify token has expired"
            case .audience: "the identify token is for another property (aud)"
            case .lifetime: "the identify token lives longer than 24 hours (exp)"
            case .subject: "the identify token is for another subject (sub)"
            case .noSecret: "the property has no identity secret; create one first"
            }
        }
    }

    private struct Claims: Decodable {
        var sub: String
        var aud: Audience
        var exp: Double

        /// `aud` is a string or an array of strings (RFC 7519 §4.1.3).
        enum Audience: Decodable {
            case one(String)
            case many([String])

            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let one = try? container.decode(String.self) {
                    self = .one(one)
                } else {
                    self = .many(try container.decode([String].self))
                }
            }

            var values: [String] {
                switch self {
                case .one(let value): [value]
                case .many(let values): values
                }
            }
        }
    }

    /// The token's claims once its signature verifies with `key` and they hold for `property` at `now`.
    public static func verify(_ token: String, key: [UInt8], property: PropertyID, at now: Date) throws(Failure)
        -> IdentifyToken
    {
        let payload: [UInt8]
        do {
            payload = try HS256.verify(token, key: key)
        } catch {
            switch error {
            case .malformed: throw .malformed
            case .algorithm: throw .algorithm
            case .signature: throw .signature
            }
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)), claims.exp.isFinite else {
            throw .malformed
        }
        guard claims.aud.values.contains(property.rawValue) else { throw .audience }
        let expiresAt = Date(timeIntervalSince1970: claims.exp)
        guard expiresAt > now else { throw .expired }
        guard expiresAt.timeIntervalSince(now) <= maximumLifetime else { throw .lifetime }
        guard !claims.sub.isEmpty, claims.sub.count <= 256 else { throw .subject }
        return IdentifyToken(subject: claims.sub, property: property, expiresAt: expiresAt)
    }

    /// A token for `subject` of `property` until `expiresAt`, as a site's backend makes one (for tests and docs).
    public static func sign(subject: String, property: PropertyID, expiresAt: Date, key: [UInt8]) -> String {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.field("sub", subject)
        json.field("aud", property.rawValue)
        json.key("exp")
        json.integer(Int64(expiresAt.timeIntervalSince1970))
        json.endObject()
        return HS256.sign(payload: json.bytes, key: key)
    }
}
