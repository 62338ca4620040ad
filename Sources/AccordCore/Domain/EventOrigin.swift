import Foundation

/// Where a choice came from beyond its `source`, kept on the event (and hashed into its chain) so the record
/// can be shown to match what it came from: for an import, the other system's own source and the policy or form
/// version text the person was shown, as its export wrote them; for an unsubscribe, which way it came.
public struct EventOrigin: Hashable, Sendable, Codable {
    /// How an unsubscribe came.
    public enum Unsubscribe: String, Hashable, Sendable, Codable, CaseIterable {
        /// The mail client's RFC 8058 one-click POST (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
        case oneClick
        /// The button on the page the e-mail's unsubscribe link opens.
        case page
    }

    /// The longest text kept per field; an imported row with a longer one is rejected, never cut.
    public static let maximumLength = 4_096

    /// On an imported event: the other system's source, as its export wrote it (`web-form`, `call-centre`).
    public var importedSource: String?
    /// On an imported event: the policy or form version text the person was shown, as the export wrote it.
    public var importedVersion: String?
    /// On an unsubscribe through its e-mailed link: which way it came.
    public var unsubscribe: Unsubscribe?

    /// An origin from its parts.
    public init(importedSource: String? = nil, importedVersion: String? = nil, unsubscribe: Unsubscribe? = nil) {
        self.importedSource = importedSource
        self.importedVersion = importedVersion
        self.unsubscribe = unsubscribe
    }

    /// Whether no field is set (such an origin is stored as none).
    public var isEmpty: Bool { importedSource == nil && importedVersion == nil && unsubscribe == nil }

    /// The stored and hashed form: a JSON object with sorted keys and no absent field.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and an enum cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The origin `text` made; nil for anything else (the store reports it as corrupt).
    public init?(text: String) {
        guard let decoded = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)), !decoded.isEmpty, decoded.text == text
        else { return nil }
        self = decoded
    }
}
