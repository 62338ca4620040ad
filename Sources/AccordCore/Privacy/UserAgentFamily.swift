import Foundation

/// Reduces a User-Agent header to browser family and major version (`Chrome 131`), which is all an
/// audit needs; the full string is a fingerprinting aid and is never stored.
public enum UserAgentFamily {
    /// Order matters: Edge and Opera also claim Chrome, Chrome also claims Safari.
    private static let markers: [(token: String, name: String)] = [
        ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"), ("FxiOS/", "Firefox"), ("Version/", "Safari"),
    ]

    /// `Chrome 131`, `Firefox 133`, `Safari 18` (a family alone when no version follows), else `Bot` or `Other`; nil for an
    /// empty header.
    public static func reduce(_ userAgent: String) -> String? {
        if userAgent.isEmpty { return nil }
        for marker in markers {
            guard let range = userAgent.range(of: marker.token) else { continue }
            let major = userAgent[range.upperBound...].prefix { $0.isNumber }
            if marker.name == "Safari" && !userAgent.contains("Safari/") { continue }
            return major.isEmpty ? marker.name : "\(marker.name) \(major)"
        }
        return userAgent.lowercased().contains("bot") ? "Bot" : "Other"
    }
}
