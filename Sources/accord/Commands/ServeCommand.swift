import AccordServer
import ArgumentParser
import Configuration
import Foundation
import Hummingbird
import Logging

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
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL)")
    var logLevel: String?

    func run() async throws {
        try await runReportingErrors {
            let reader = try await ConfigSources.reader(flags: [
                "http.host": httpHost.map { .string($0) },
                "http.port": httpPort.map { .int($0) },
                "http.publicUrl": publicURL.map { .string($0) },
                "log.level": logLevel.map { .string($0) },
            ])
            let settings = ServerSettings(reader: reader)
            guard (0...65535).contains(settings.port) else { throw CLIError("http port must be 0 to 65535") }
            var logger = Logger(label: "accord")
            logger.logLevel = settings.logLevel
            let store = try database.openStore(reader: reader, mustExist: false)
            let services = try await AccordServices.bootstrap(store: store, settings: settings)
            var banner = "Accord is serving \(settings.publicURL) (database: \(database.url(reader: reader)))\n"
            if let adminKey = services.createdAdminKey {
                banner += "Admin API key, shown once (only its hash is stored): \(adminKey)\n"
            }
            FileHandle.standardOutput.write(Data(banner.utf8))
            try await buildApplication(services: services, logger: logger).runService()
        }
    }
}
