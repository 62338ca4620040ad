/// Every configuration key Accord reads, in one place, with the names it has as a flag and in the environment.
/// `accord serve` compares the environment with this list at start, because a misspelt variable is otherwise
/// ignored without a word (and a security setting such as `http.trustedProxies` silently left at its default).
public enum ConfigurationKeys {
    public static let all: [String] = [
        "database.url", "database.postgres.poolSize", "database.sqlite.synchronous",
        // Former names of the two above, still read with a deprecation warning.
        "db.postgres.poolSize", "db.sqlite.synchronous",
        "http.host", "http.port", "http.publicUrl", "http.clientIpHeader", "http.trustedProxies",
        "rateLimit.consentsPerMinute", "rateLimit.consentsBurst",
        "rateLimit.readsPerMinute", "rateLimit.readsBurst", "rateLimit.failedKeysPerMinute", "rateLimit.signInsPerMinute",
        "rateLimit.signInsBurst",
        "log.level", "log.format", "metrics.port", "audit.checkpointInterval",
        "tcf.gvlPath", "tcf.cmpId", "tcf.cmpVersion",
        "secrets.rootKey", "secrets.rootKeyFile",
        "expiry.sweepIntervalSeconds",
        "webhooks.allowInsecureLoopback", "webhooks.allowedHosts", "webhooks.deliver", "webhooks.testClockRate",
        "webhooks.testClockEpoch", "webhooks.yieldToWritesSeconds", "webhooks.deliveryNice",
        "mail.smtp.host", "mail.smtp.port", "mail.smtp.username", "mail.smtp.password", "mail.smtp.security", "mail.from",
        "requests.packageLinkDays",
    ]

    /// The environment variable swift-configuration reads a key from: camelCase words split by `_`, upper case,
    /// components joined by `_` (`http.clientIpHeader` → `HTTP_CLIENT_IP_HEADER`).
    public static func environmentName(of key: String) -> String {
        words(of: key).joined(separator: "_").uppercased()
    }

    /// The flag for a key, where the command has one: `http.clientIpHeader` → `--http-client-ip-header`.
    public static func flagName(of key: String) -> String {
        "--" + words(of: key).joined(separator: "-").lowercased()
    }

    /// The namespaces of Accord's variables: a name in one of them that is no key is most likely a misspelling.
    static let checkedPrefixes = [
        "HTTP_", "DATABASE_", "DB_", "RATE_LIMIT_", "RATELIMIT_", "TCF_", "LOG_", "SECRETS_", "METRICS_", "AUDIT_", "EXPIRY_",
        "WEBHOOKS_", "MAIL_",
    ]
    /// Variables other programs read (proxies for outgoing requests), never Accord's.
    static let foreignNames: Set<String> = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY", "FTP_PROXY"]

    /// One warning line for each name that looks like an Accord setting but is none, naming the closest key.
    /// Only names are looked at: values may be secrets.
    public static func warnings(forEnvironmentNames names: some Sequence<String>) -> [String] {
        let known = Dictionary(uniqueKeysWithValues: all.map { (environmentName(of: $0), $0) })
        return Set(names).sorted().compactMap { name in
            let upper = name.uppercased()
            guard known[name] == nil, !foreignNames.contains(upper), checkedPrefixes.contains(where: upper.hasPrefix) else {
                return nil
            }
            // Ties go to the alphabetically first name, so the line is the same on every start.
            let closest = known.keys.map { (distance(upper, $0), $0) }.min { $0 < $1 }!.1
            return "warning: environment variable \(name) is not an Accord setting and is ignored; "
                + "did you mean \(closest) (\(known[closest]!))?"
        }
    }

    private static func words(of key: String) -> [String] {
        key.split(separator: ".").flatMap { component in
            var words = [""]
            var previous: Character?
            for character in component {
                if let previous, previous.isLowercase, character.isUppercase { words.append("") }
                words[words.count - 1].append(character)
                previous = character
            }
            return words
        }
    }

    /// Levenshtein distance: the fewest single-character edits (insert, delete, replace) turning `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let b = Array(b.utf8)
        var previous = Array(0...b.count)
        for (i, x) in a.utf8.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
