import AccordCore
import AccordServer
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// `accord serve` once the store's pool is running: migrate and seed the store, print the banner, then serve
/// HTTP until a graceful shutdown. The port opens only after the migrations.
struct ServerService: Service {
    let store: any ConsentStore
    let settings: ServerSettings
    let logger: Logger
    /// The database as shown in the banner (a PostgreSQL password masked).
    let databaseName: String

    func run() async throws {
        let services = try await AccordServices.bootstrap(store: store, settings: settings)
        var banner = "Accord is serving \(settings.publicURL) (database: \(databaseName))\n"
        if let adminKey = services.createdAdminKey {
            banner += "Admin API key, shown once (only its hash is stored): \(adminKey)\n"
        }
        banner += "Demo site with the consent banner: \(settings.publicURL)/demo\n"
        FileHandle.standardOutput.write(Data(banner.utf8))
        try await buildApplication(services: services, logger: logger).run()
    }
}
