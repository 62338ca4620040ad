import AccordServer
import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the Accord HTTP server (creates and seeds the database on first start).")

    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("http-host"), help: "Address to bind (env HTTP_HOST; default 127.0.0.1)")
    var httpHost: String?
    @Option(name: .customLong("http-port"), help: "Port to listen on (env HTTP_PORT; default 8080)")
    var httpPort: Int?
    @Option(name: .customLong("http-public-url"), help: "URL Accord is reached at (env HTTP_PUBLIC_URL)")
    var publicURL: String?
    @Option(
        name: .customLong("http-client-ip-header"),
        help: "Read the client address from this proxy header, e.g. X-Forwarded-For (env HTTP_CLIENT_IP_HEADER)")
    var clientIPHeader: String?
    @Option(
        name: .customLong("http-trusted-proxies"),
        help: "Proxies in front of Accord: a hop count or CIDR ranges (env HTTP_TRUSTED_PROXIES; default 127.0.0.0/8,::1)")
    var trustedProxies: String?
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL)")
    var logLevel: String?
    @Option(name: .customLong("log-format"), help: "text (default) or json, one object per line (env LOG_FORMAT)")
    var logFormat: String?
    @Option(name: .customLong("metrics-port"), help: "Also serve GET /metrics without a key on this port (env METRICS_PORT)")
    var metricsPort: Int?
    @Option(
        name: .customLong("audit-checkpoint-interval"),
        help: "Seconds between signed checkpoints of every chain; 0 turns them off (env AUDIT_CHECKPOINT_INTERVAL; default 3600)")
    var checkpointInterval: Int?
    @Flag(
        name: .customLong("webhooks-allow-insecure-loopback"),
        help: "Allow http:// webhook URLs to loopback addresses (env WEBHOOKS_ALLOW_INSECURE_LOOPBACK)")
    var webhooksAllowInsecureLoopback = false
    @Option(
        name: .customLong("webhooks-allowed-hosts"),
        help: "Comma-separated webhook hosts allowed although internal (env WEBHOOKS_ALLOWED_HOSTS)")
    var webhooksAllowedHosts: String?
    @Option(
        name: .customLong("secrets-root-key-file"),
        help: "File holding the root key that wraps the server secrets (env SECRETS_ROOT_KEY_FILE; or SECRETS_ROOT_KEY)")
    var rootKeyFile: String?
    @Option(name: .customLong("mail-smtp-host"), help: "SMTP server for e-mail to subjects; unset: e-mail is off (env MAIL_SMTP_HOST)")
    var mailHost: String?
    @Option(name: .customLong("mail-smtp-port"), help: "SMTP port (env MAIL_SMTP_PORT; default by security: 587, 465, 25)")
    var mailPort: Int?
    @Option(name: .customLong("mail-smtp-username"), help: "SMTP user (env MAIL_SMTP_USERNAME; the password only as MAIL_SMTP_PASSWORD)")
    var mailUsername: String?
    @Option(name: .customLong("mail-smtp-security"), help: "none, starttls or tls (env MAIL_SMTP_SECURITY; default starttls)")
    var mailSecurity: String?
    @Option(name: .customLong("mail-from"), help: "Sender address of e-mail to subjects (env MAIL_FROM)")
    var mailFrom: String?

    func run() async throws {
        try await runReportingErrors {
            // Before anything else, so the lines are seen even when the start then fails.
            for warning in ConfigurationKeys.warnings(forEnvironmentNames: ConfigSources.environmentNames()) {
                FileHandle.standardError.write(Data((warning + "\n").utf8))
            }
            let reader = try await ConfigSources.reader(flags: [
                "http.host": httpHost.map { .string($0) },
                "http.port": httpPort.map { .int($0) },
                "http.publicUrl": publicURL.map { .string($0) },
                "http.clientIpHeader": clientIPHeader.map { .string($0) },
                "http.trustedProxies": trustedProxies.map { .string($0) },
                "log.level": logLevel.map { .string($0) },
                "log.format": logFormat.map { .string($0) },
                "metrics.port": metricsPort.map { .int($0) },
                "audit.checkpointInterval": checkpointInterval.map { .int($0) },
                "secrets.rootKeyFile": rootKeyFile.map { .string($0) },
                "mail.smtp.host": mailHost.map { .string($0) },
                "mail.smtp.port": mailPort.map { .int($0) },
                "mail.smtp.username": mailUsername.map { .string($0) },
                "mail.smtp.security": mailSecurity.map { .string($0) },
                "mail.from": mailFrom.map { .string($0) },
                "webhooks.allowInsecureLoopback": webhooksAllowInsecureLoopback ? .bool(true) : nil,
                "webhooks.allowedHosts": webhooksAllowedHosts.map { .string($0) },
            ])
            let rootKey = try RootKeySource.read(reader)
            let settings = ServerSettings(reader: reader)
            guard (0...65535).contains(settings.port) else { throw CLIError("http port must be 0 to 65535") }
            if let problem = settings.problems.first { throw CLIError(problem) }
            for warning in RetiredKeys.warnings(reader) { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
            let logger = settings.logFormat.logger(level: settings.logLevel)
            let configured = try database.openStore(reader: reader, mustExist: false, logger: logger)
            let server = ServerService(
                store: configured.store, settings: settings, rootKey: rootKey, logger: logger,
                databaseName: configured.displayName(url: database.url(reader: reader)))
            // The PostgreSQL pool runs beside the server; on SIGTERM or SIGINT it stops after the server.
            let group = ServiceGroup(
                configuration: .init(
                    services: (configured.service.map { [$0] } ?? []) + [server],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            try await group.run()
        }
    }
}
