import Crypto

/// Where the closing e-mail of a completed deletion finds its address. Erasure shreds the requester's vault entry,
/// which is where every other request e-mail reads the address at delivery; so just before erasing, the address is
/// put in a vault entry of its own under this key, derived from the request alone, and that entry is shredded as
/// soon as the closing e-mail is sent. Nothing else is kept in it and nothing else reads it.
public enum RequestNotice {
    /// The vault key of request `id`'s notice entry in `property`.
    public static func key(for id: String, in property: PropertyID) -> SubjectKey {
        SubjectKey(bytes: Array(SHA256.hash(data: Array("accord request notice v1\u{0}\(property.rawValue)\u{0}\(id)".utf8))))!
    }
}
