import AccordConnectors
import AccordCore
import AccordServer
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `accord serve` once the store's pool is running: migrate and seed the store, print the banner, then serve
/// HTTP until a graceful shutdown. The port opens only after the migrations.
struct ServerService: Service {
    let store: any ConsentStore
    let settings: ServerSettings
    let rootKey: RootKey?
    let logger: Logger
    /// The database as shown in the banner (a PostgreSQL password masked).
    let databaseName: String

    func run() async throws {
        let transport = settings.mail.map { MailTransportChoice.transport($0, publicURL: settings.publicURL) }
        if let mail = settings.mail {
            logger.info("e-mail is on: SMTP \(mail.host) (\(mail.security.rawValue)), from \(mail.from)")
        } else {
            logger.notice("e-mail is off: mail.smtp.host is not set, so addresses are kept but nothing is sent")
        }
        var services = try await AccordServices.bootstrap(
            store: store, settings: settings, rootKey: rootKey, mailTransport: transport)
        services.schemaReader = SQLSchemaReader(logger: logger)
        services.connectorRunner = SQLConnectorRunner(logger: logger)
        // The key exists from here on, so it is shown now, even if the port then turns out to be taken.
        if let adminKey = services.createdAdminKey {
            FileHandle.standardOutput.write(Data("Admin API key, shown once (only its hash is stored): \(adminKey)\n".utf8))
        }
        let banner = """
            Accord is serving \(settings.publicURL) (database: \(databaseName))
            Demo site with the consent banner: \(settings.publicURL)/demo

            """
        let application = buildApplication(services: services, logger: logger) { _ in
            FileHandle.standardOutput.write(Data(banner.utf8))
        }
        do {
            // Webhook and mail delivery run beside the server and stop with it (on a graceful shutdown).
            try await withThrowingTaskGroup(of: Void.self) { group in
                if settings.webhookDelivery {
                    // Made here only: its HTTP client must be shut down, which `run` does when it ends.
                    let delivery = WebhookDeliveryService.make(services: services, logger: logger, names: services.directory)
                    group.addTask { try await delivery.run() }
                } else {
                    logger.notice("webhook delivery is off on this instance (webhooks.deliver = false): messages stay queued")
                }
                if let mail = services.mailDelivery(logger: logger) { group.addTask { try await mail.run() } }
                try await application.run()
                group.cancelAll()
            }
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CLIError("cannot listen on \(settings.host):\(settings.port): the port is in use (choose one with --http-port)")
        } catch let error as IOError {
            throw CLIError("cannot listen on \(settings.host):\(settings.port): \(String(cString: strerror(error.errnoCode)))")
        }
    }
}
