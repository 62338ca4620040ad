import Foundation
import Hummingbird

/// The SDK's first-party cookie `accord_consent`, read and written by the server-rendered preference center so
/// it works without JavaScript. The format is the SDK's (web/sdk/accord.js): JSON, URI-component encoded.
struct ConsentCookie: Codable, Hashable {
    static let name = "accord_consent"

    var policyVersion: Int?
    /// Purpose key to 1 (granted) or 0 (denied).
    var choices: [String: Int]
    /// When the choice was made, in milliseconds since 1970.
    var time: Double?
    var visitor: String
    var event: String?
    /// 1 once a Global Privacy Control signal was applied.
    var gpc: Int?

    enum CodingKeys: String, CodingKey {
        case policyVersion = "v", choices = "c", time = "t", visitor = "id", event = "e", gpc = "g"
    }

    init(policyVersion: Int?, choices: [String: Int], time: Double?, visitor: String, event: String?, gpc: Int?) {
        self.policyVersion = policyVersion
        self.choices = choices
        self.time = time
        self.visitor = visitor
        self.event = event
        self.gpc = gpc
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policyVersion = try container.decodeIfPresent(Int.self, forKey: .policyVersion)
        choices = try container.decodeIfPresent([String: Int].self, forKey: .choices) ?? [:]
        time = try container.decodeIfPresent(Double.self, forKey: .time)
        visitor = try container.decode(String.self, forKey: .visitor)
        event = try container.decodeIfPresent(String.self, forKey: .event)
        gpc = try container.decodeIfPresent(Int.self, forKey: .gpc)
    }

    /// The cookie of a request, if it is there and well-formed.
    static func read(_ request: Request) -> ConsentCookie? {
        guard let raw = request.cookies[name]?.value, let text = raw.removingPercentEncoding else { return nil }
        return try? JSONDecoder().decode(ConsentCookie.self, from: Data(text.utf8))
    }

    /// A `Set-Cookie` value with the attributes the SDK uses.
    func header(lifetimeDays: Int, domain: String?, secure: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(self), as: UTF8.self)
        // encodeURIComponent's unreserved set.
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
        var header = "\(Self.name)=\(json.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
        header += "; Path=/; Max-Age=\(lifetimeDays * 86_400); SameSite=Lax"
        if let domain { header += "; Domain=\(domain)" }
        if secure { header += "; Secure" }
        return header
    }
}
