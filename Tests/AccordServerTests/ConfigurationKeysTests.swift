import AccordCore
import AccordServer
import Configuration
import Synchronization
import Testing

@Suite struct ConfigurationKeysTests {
    /// Records which keys a reader was asked for.
    final class KeyRecorder: AccessReporter {
        let keys = Mutex<Set<String>>([])
        func report(_ event: AccessEvent) {
            _ = keys.withLock { $0.insert(event.metadata.key.components.joined(separator: ".")) }
        }
    }

    @Test func everyKeyIsReadFromTheEnvironmentNameWeDocument() {
        for key in ConfigurationKeys.all {
            let name = ConfigurationKeys.environmentName(of: key)
            let reader = ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: [name: "7"]))
            #expect(reader.string(forKey: ConfigKey(key.split(separator: ".").map(String.init))) == "7", "\(key) as \(name)")
        }
        #expect(ConfigurationKeys.environmentName(of: "http.clientIpHeader") == "HTTP_CLIENT_IP_HEADER")
        #expect(ConfigurationKeys.environmentName(of: "db.postgres.poolSize") == "DB_POSTGRES_POOL_SIZE")
        #expect(ConfigurationKeys.flagName(of: "http.trustedProxies") == "--http-trusted-proxies")
        #expect(ConfigurationKeys.flagName(of: "http.publicUrl") == "--http-public-url")
    }

    @Test func everyKeyTheServerReadsIsListed() {
        let recorder = KeyRecorder()
        _ = ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: [:]), accessReporter: recorder))
        let read = recorder.keys.withLock { $0 }
        #expect(read.count >= 10)
        #expect(read.subtracting(ConfigurationKeys.all).isEmpty, "read but not listed: \(read.subtracting(ConfigurationKeys.all))")
    }

    @Test func misspeltSettingsAreNamedWithTheClosestKey() {
        let warnings = ConfigurationKeys.warnings(forEnvironmentNames: [
            "HTTP_CLIENTIPHEADER", "HTTP_PORT", "http_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "PATH", "HOME",
            "DATABASE_URL", "DB_POSTGRES_POOLSIZE", "RATELIMIT_CONSENTS_BURST", "SECRETS_ROOT_KEYFILE", "http_port",
            "LOG_LEVEL", "TCF_CMPID", "HTTP_TRUSTED_PROXY",
        ])
        #expect(
            warnings == [
                "warning: environment variable DB_POSTGRES_POOLSIZE is not an Accord setting and is ignored; "
                    + "did you mean DB_POSTGRES_POOL_SIZE (db.postgres.poolSize)?",
                "warning: environment variable HTTP_CLIENTIPHEADER is not an Accord setting and is ignored; "
                    + "did you mean HTTP_CLIENT_IP_HEADER (http.clientIpHeader)?",
                "warning: environment variable HTTP_TRUSTED_PROXY is not an Accord setting and is ignored; "
                    + "did you mean HTTP_TRUSTED_PROXIES (http.trustedProxies)?",
                "warning: environment variable RATELIMIT_CONSENTS_BURST is not an Accord setting and is ignored; "
                    + "did you mean RATE_LIMIT_CONSENTS_BURST (rateLimit.consentsBurst)?",
                "warning: environment variable SECRETS_ROOT_KEYFILE is not an Accord setting and is ignored; "
                    + "did you mean SECRETS_ROOT_KEY_FILE (secrets.rootKeyFile)?",
                "warning: environment variable TCF_CMPID is not an Accord setting and is ignored; "
                    + "did you mean TCF_CMP_ID (tcf.cmpId)?",
                "warning: environment variable http_port is not an Accord setting and is ignored; "
                    + "did you mean HTTP_PORT (http.port)?",
            ])
    }

    @Test func badProxySettingsAreProblemsAndTrustNoProxy() {
        func settings(_ values: [String: String]) -> ServerSettings {
            var content: [AbsoluteConfigKey: ConfigValue] = [:]
            for (key, value) in values {
                content[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(.string(value), isSecret: false)
            }
            return ServerSettings(reader: ConfigReader(provider: InMemoryProvider(values: content)))
        }
        #expect(settings([:]).problems.isEmpty)
        #expect(settings([:]).trustedProxies == .loopback)
        #expect(settings(["http.trustedProxies": "2"]).trustedProxies == .hops(2))
        let bad = settings(["http.trustedProxies": "10.0.0.0/33", "http.clientIpHeader": "X Forwarded"])
        #expect(bad.trustedProxies == .ranges([]))
        #expect(bad.problems.count == 2)
    }
}
