/// The order in which locales are tried for a text: `de-AT` → `de` → the property's default → `en`.
public enum LocaleFallback {
    /// `requested` (a BCP 47 tag or nil) and its shorter prefixes, then `defaultLocale`, then `en`: canonical, no repeats.
    public static func chain(for requested: String?, defaultLocale: String) -> [String] {
        var chain: [String] = []
        func add(_ locale: String) {
            if !chain.contains(locale) { chain.append(locale) }
        }
        if let requested, !requested.isEmpty {
            let parts = requested.split(separator: "-").map(String.init)
            for length in stride(from: parts.count, to: 0, by: -1) {
                add(canonical(parts.prefix(length).joined(separator: "-")))
            }
        }
        add(canonical(defaultLocale))
        add("en")
        return chain
    }

    /// `de-at` → `de-AT`, `EN` → `en`: languages lower-case, regions upper-case, scripts title-case.
    public static func canonical(_ tag: String) -> String {
        tag.split(separator: "-").enumerated().map { index, part in
            if index == 0 { return part.lowercased() }
            if part.count == 2 { return part.uppercased() }
            if part.count == 4 { return part.prefix(1).uppercased() + part.dropFirst().lowercased() }
            return part.lowercased()
        }.joined(separator: "-")
    }
}
