import AccordCore
import Foundation
import Hummingbird
import Logging

extension AccordServices {
    /// Runs requests across the connected systems of the data map, on `now`.
    func connectorFulfilment(now: @escaping @Sendable () -> Date, logger: Logger) -> ConnectorFulfilment {
        let environment = ProcessInfo.processInfo.environment
        let desk = requestDesk(now: now)
        let completion = requestFulfilment(desk: desk)
        let properties: any ConfigurationStore = store
        var fulfilment = ConnectorFulfilment(
            desk: desk, requests: store, systems: store, secrets: ConnectorSecretBox(root: webhookSecrets.root),
            runner: connectorRunner,
            // The "Accord" system of a deletion: Accord's own data is erased (as completing a deletion by hand does)
            // once every connected system has answered, before the request completes.
            accordStep: { request in
                guard let property = try await properties.property(request.property) else { return }
                try await completion.prepare(request.id, to: .completed, in: property, actor: "accord")
            },
            environment: { ProcessInfo.processInfo.environment },
            pause: .milliseconds(environment["ACCORD_TEST_FULFILMENT_PAUSE_MS"].flatMap(Int.init) ?? 0), logger: logger)
        fulfilment.webhooks = webhookConnectorStep(desk: desk, logger: logger)
        return fulfilment
    }

    /// The background service that resumes and retries request runs, a pass every 15 seconds of `clock`.
    public func fulfilmentService(clock: any ServiceClock, logger: Logger) -> FulfilmentService {
        FulfilmentService(
            fulfilment: connectorFulfilment(now: { clock.now }, logger: logger), store: store, clock: clock, interval: .seconds(15),
            logger: logger)
    }

    /// Registers `POST .../requests/{id}/fulfil` and the operator's answer for a system.
    func registerConnectorRequestRoutes(groups: RouteGroups, editor: ConfigurationEditor) {
        let fulfilment = connectorFulfilment(now: now, logger: Logger(label: "accord.fulfilment"))
        let answers = registerConnectorAnswerRoutes(groups: groups, editor: editor, fulfilment: fulfilment)
        AdminFulfilmentController(
            fulfilment: fulfilment, editor: editor, store: store,
            desk: requestDesk(now: now), signer: signer, systems: store, log: store, answers: answers
        ).register(on: groups.admin)
    }
}
