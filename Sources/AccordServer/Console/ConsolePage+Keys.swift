import AccordCore
import Foundation

extension ConsolePage.Model {
    /// The owners' API keys: listed by prefix (the key itself is never stored), the form to create one, and after a
    /// creation the key itself, shown this once.
    static func keysPage(
        _ keys: [APIKey], csrf: String, chrome: ConsolePage.Chrome, now: Date, created: ConsolePage.Keys.Created? = nil,
        nameValue: String = "", checked: Set<APIKey.Scope> = [], scopesError: String? = nil, expiresValue: String = "",
        expiresError: String? = nil, notice: String? = nil
    ) -> Self {
        var model = Self(title: "API keys", chrome: chrome)
        model.notice = notice
        model.keys = ConsolePage.Keys(
            csrf: csrf, created: created,
            rows: keys.map { key in
                .init(
                    prefix: key.prefix, name: key.name, scopes: key.scopes.sorted().map(\.rawValue).joined(separator: ", "),
                    created: key.createdAt.rfc3339, createdBy: key.createdBy ?? "unknown",
                    expires: key.expiresAt.map { key.isExpired(at: now) ? "expired \($0.rfc3339)" : $0.rfc3339 } ?? "never",
                    lastUsed: key.lastUsedAt?.rfc3339 ?? "never", revokeAction: "/console/keys/\(key.prefix)/revoke")
            },
            scopes: APIKey.Scope.allCases.sorted().map { .init(value: $0.rawValue, checked: checked.contains($0)) },
            nameValue: nameValue, scopesError: scopesError, expiresValue: expiresValue, expiresError: expiresError)
        return model
    }
}
