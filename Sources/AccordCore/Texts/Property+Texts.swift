extension Property {
    /// The banner texts for a locale fallback chain, field by field: the property's own text in the first
    /// locale that has one, else the shipped translation.
    public func bannerTexts(for chain: [String]) -> BannerTexts {
        var values: [String: String] = [:]
        for field in BannerTexts.fields {
            values[field] =
                (chain + ["en"]).lazy.compactMap { locale in
                    self.texts[locale]?[field] ?? ShippedTranslations.texts(for: locale)?[field]
                }.first
        }
        switch BannerTexts.make(values) {
        case .success(let texts): return texts
        // English ends every chain and is shipped complete (a test checks), so no field can be missing.
        case .failure(let missing): preconditionFailure("shipped English texts lack \(missing.name)")
        }
    }

    /// The first text missing for an enabled locale, as a JSON path: a banner field or a purpose's name and
    /// description. A locale is covered by its own texts or its language's (`de` covers `de-AT`), never by
    /// falling back to another language.
    public func firstMissingTranslation() -> String? {
        for locale in locales {
            let sameLanguage = LocaleFallback.chain(for: locale, defaultLocale: locale).filter { candidate in
                candidate.split(separator: "-").first == locale.split(separator: "-").first
            }
            if sameLanguage.contains(where: { LocaleFallback.canonical(defaultLocale) == $0 }) { continue }
            for field in BannerTexts.fields {
                let covered = sameLanguage.contains { texts[$0]?[field] != nil || ShippedTranslations.texts(for: $0)?[field] != nil }
                if !covered { return "texts.\(locale).\(field)" }
            }
            for purpose in activePurposes where !sameLanguage.contains(where: { purpose.translations[$0] != nil }) {
                return "purposes.\(purpose.key).translations.\(locale)"
            }
        }
        return nil
    }
}
