import AccordCore
import Foundation
import Hummingbird
import Logging

extension AccordServices {
    /// Runs requests across the connected systems of the data map, on `now`; a completed access or portability run
    /// sends the requester their package's link (`RequestPackages`).
    func connectorFulfilment(now: @escaping @Sendable () -> Date, logger: Logger) -> ConnectorFulfilment {
        let environment = ProcessInfo.processInfo.environment
        let desk = requestDesk(now: now)
        let completion = requestFulfilment(desk: desk)
        let properties: any ConfigurationStore = store
        var fulfilment = ConnectorFulfilment(
            desk: desk, requests: store, systems: store, secrets: ConnectorSecretBox(root: webhookSecrets.root),
            runner: connectorRunner, claims: store,
            // The "Accord" system of a deletion: Accord's own data is erased (as completing a deletion by hand does)
            // once every connected system has answered, before the request completes.
            accordStep: { request in
                guard let property = try await properties.property(request.property) else { return }
                try await completion.prepare(request.id, to: .completed, in: property, actor: "accord")
            },
            environment: { ProcessInfo.processInfo.environment },
            pause: .milliseconds(environment["ACCORD_TEST_FULFILMENT_PAUSE_MS"].flatMap(Int.init) ?? 0), logger: logger,
            afterCommit: FulfilmentFaults.crash(after: environment["ACCORD_TEST_FULFILMENT_CRASH_AFTER_COMMIT"]))
        fulfilment.webhooks = webhookConnectorStep(desk: desk, logger: logger)
        let packages = requestPackages(fulfilment: fulfilment, now: now)
        fulfilment.packageStep = { request in try await packages.send(request) }
        return fulfilment
    }

    /// The access packages: built with `fulfilment`'s connectors, links valid `requests.packageLinkDays`.
    func requestPackages(fulfilment: ConnectorFulfilment, now: @escaping @Sendable () -> Date) -> RequestPackages {
        RequestPackages(
            fulfilment: fulfilment, editor: editor, systems: store, log: store, desk: requestDesk(now: now), links: store,
            linkLifetime: .seconds(Int64(settings.packageLinkDays) * 86_400), answers: connectorAnswers(fulfilment: fulfilment))
    }

    /// The background service that resumes and retries request runs and destroys expired packages, a pass every
    /// 15 seconds of `clock`.
    public func fulfilmentService(clock: any ServiceClock, logger: Logger) -> FulfilmentService {
        let fulfilment = connectorFulfilment(now: { clock.now }, logger: logger)
        return FulfilmentService(
            fulfilment: fulfilment, packages: requestPackages(fulfilment: fulfilment, now: { clock.now }), store: store, clock: clock,
            interval: .seconds(15), logger: logger)
    }

    /// Registers `POST .../requests/{id}/fulfil`, the operator's answer for a system, the evidence, the operator's
    /// package download, and the requester's single-use package link.
    func registerConnectorRequestRoutes(groups: RouteGroups, editor: ConfigurationEditor) {
        let fulfilment = connectorFulfilment(now: now, logger: Logger(label: "accord.fulfilment"))
        _ = registerConnectorAnswerRoutes(groups: groups, editor: editor, fulfilment: fulfilment)
        let packages = requestPackages(fulfilment: fulfilment, now: now)
        AdminFulfilmentController(
            fulfilment: fulfilment, packages: packages, editor: editor, store: store, desk: requestDesk(now: now), signer: signer
        ).register(on: groups.admin)
        PackageLinkController(packages: packages).register(on: groups.open)
    }
}
