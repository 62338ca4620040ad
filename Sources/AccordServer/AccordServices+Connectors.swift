import AccordCore
import Foundation
import Hummingbird
import Logging

extension AccordServices {
    /// Runs requests across the connected systems of the data map, on `now`.
    func connectorFulfilment(now: @escaping @Sendable () -> Date, logger: Logger) -> ConnectorFulfilment {
        let environment = ProcessInfo.processInfo.environment
        return ConnectorFulfilment(
            desk: requestDesk(now: now), requests: store, systems: store, secrets: ConnectorSecretBox(root: webhookSecrets.root),
            runner: connectorRunner,
            // Seam for the erasure of Accord's own data (`erase` branch, /work/coord/erasure-api.md): once merged, call
            // `accordDataEraser().eraseAccordData(of:in:actor:)` here. Until then completing the deletion does what
            // `RequestFulfilment` does on completion.
            accordStep: nil,
            environment: { ProcessInfo.processInfo.environment },
            pause: .milliseconds(environment["ACCORD_TEST_FULFILMENT_PAUSE_MS"].flatMap(Int.init) ?? 0), logger: logger)
    }

    /// The background service that resumes and retries request runs, a pass every 15 seconds of `clock`.
    public func fulfilmentService(clock: any ServiceClock, logger: Logger) -> FulfilmentService {
        FulfilmentService(
            fulfilment: connectorFulfilment(now: { clock.now }, logger: logger), store: store, clock: clock, interval: .seconds(15),
            logger: logger)
    }

    /// Registers `POST .../requests/{id}/fulfil` and the operator's answer for a system.
    func registerConnectorRequestRoutes(groups: RouteGroups, editor: ConfigurationEditor) {
        AdminFulfilmentController(
            fulfilment: connectorFulfilment(now: now, logger: Logger(label: "accord.fulfilment")), editor: editor, store: store,
            desk: requestDesk(now: now), signer: signer, systems: store, log: store
        ).register(on: groups.admin)
    }
}
