import AccordCore
import Foundation
import Logging

/// Runs a request across the property's connected systems (issue 14 §3). Each step is an audit entry of the
/// request (`request.fulfilmentStarted`, then per system `request.systemAnswered` with the counts and strategies,
/// or `request.systemFailed` with the error), so the run survives a restart: `FulfilmentProgress` reads where it
/// stands from the timeline. The request completes only when every system has answered.
struct ConnectorFulfilment: Sendable {
    let desk: RequestDesk
    let requests: any RequestStore
    let systems: any DataMapStore
    let secrets: ConnectorSecretBox
    let runner: (any ConnectorRunner)?
    /// Runs after every system answered a deletion, before it completes: the erasure of Accord's own data
    /// (`RequestFulfilment.prepare`, which records `request.dataErased`); nil skips it.
    let accordStep: (@Sendable (PrivacyRequest) async throws -> Void)?
    let environment: @Sendable () -> [String: String]
    /// A pause after each system's answer: test-only (`ACCORD_TEST_FULFILMENT_PAUSE_MS`), so a test can kill the
    /// server between two systems; zero otherwise.
    var pause: Duration = .zero
    let logger: Logger
    /// Sends the request to the run's webhook connectors (WebhookConnectorStep.swift); nil sends nothing.
    var webhooks: WebhookConnectorStep? = nil

    /// The mode of a request type; nil for a type connectors do not run for.
    static func mode(of type: RequestType) -> ConnectorMode? {
        switch type {
        case .access, .portability: .access
        case .deletion: .erase
        case .correction: .locate
        default: nil
        }
    }

    /// Starts the run of a verified access, portability, deletion or correction request: moves it to `inProgress`
    /// and records the systems it waits for. A run already going is left as it is.
    func start(_ id: String, in property: PropertyID, actor: String) async throws -> PrivacyRequest {
        guard var request = try await requests.request(id, in: property) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        guard let mode = Self.mode(of: request.type) else {
            throw RequestError(
                .transitionForbidden, field: nil, "only access, portability, deletion and correction requests run across systems")
        }
        guard request.status == .verified || request.status == .inProgress else {
            throw RequestError(.notVerified, field: nil, "only a verified or in-progress request can be fulfilled")
        }
        if let progress = FulfilmentProgress.of(try await requests.requestTimeline(id, in: property)), progress.status != "done" {
            return request
        }
        let connected = try await systems.allSystems(of: property).filter { $0.connector != nil }
        if request.status == .verified {
            request = try await desk.transition(
                id, in: property, to: .inProgress, reason: "fulfilment across connected systems", exemption: nil, actor: actor)
        }
        let listed = connected.map { [$0.key, $0.connector!.kind.rawValue] }
        return try await desk.change(id, in: property) { _, _ in
            RequestDesk.Step(
                .fulfilmentStarted, actor: actor, detail: ["mode": mode.rawValue, "systems": FulfilmentProgress.detailJSON(listed)])
        }
    }

    /// Records an operator's answer for a system that has no automatic one (a manual task done, or the system
    /// exempt), with its reason.
    func answer(_ id: String, in property: PropertyID, system: String, outcome: String, reason: String, actor: String) async throws
        -> PrivacyRequest
    {
        guard let progress = FulfilmentProgress.of(try await requests.requestTimeline(id, in: property)) else {
            throw RequestError(.transitionForbidden, field: nil, "the request's fulfilment has not been started")
        }
        guard let entry = progress.systems.first(where: { $0.name == system }) else {
            throw RequestError(.fieldInvalid, field: "system", "the request's fulfilment does not include this system")
        }
        guard !entry.answered else { throw RequestError(.transitionForbidden, field: "system", "this system has already answered") }
        let request = try await desk.change(id, in: property) { request, _ in
            guard request.status == .inProgress else { throw RequestError(.transitionForbidden, field: nil, "the request is not in progress") }
            return RequestDesk.Step(.systemAnswered, actor: actor, detail: ["system": system, "outcome": outcome, "reason": reason])
        }
        _ = try await advance(request)
        return try await requests.request(id, in: property) ?? request
    }

    /// Runs what is due of `request`'s fulfilment: every pending system, failed ones whose backoff ran out, then
    /// the completion once all have answered. True when something was done.
    @discardableResult
    func advance(_ request: PrivacyRequest) async throws -> Bool {
        guard request.status == .inProgress,
            var progress = FulfilmentProgress.of(try await requests.requestTimeline(request.id, in: request.property))
        else { return false }
        var acted = false
        for system in progress.systems where !system.answered && ["postgres", "sqlite"].contains(system.kind) {
            if system.status == "failed", let retry = FulfilmentProgress.retryAt(system), retry > desk.now() { continue }
            try await run(system.name, of: request, mode: progress.mode)
            acted = true
            if pause > .zero { try await Task.sleep(for: pause) }
        }
        if let webhooks, try await webhooks.dispatchDue(progress, of: request) { acted = true }
        if acted, let fresh = FulfilmentProgress.of(try await requests.requestTimeline(request.id, in: request.property)) {
            progress = fresh
        }
        guard progress.status == "done" else { return acted }
        if request.type == .deletion, let accordStep { try await accordStep(request) }
        let completed = try await desk.transition(
            request.id, in: request.property, to: .completed, reason: "every connected system answered", exemption: nil, actor: "accord")
        logger.info("request completed after its connected systems answered", metadata: ["request": "\(completed.id)"])
        return true
    }

    /// One system's run, recorded as its answer or its failure (the error names the system's problem, never a value).
    private func run(_ key: String, of request: PrivacyRequest, mode: ConnectorMode) async throws {
        let detail: [String: String]
        let action: RequestAudit.Action
        do {
            let outcome = try await execute(key, of: request, mode: mode)
            action = .systemAnswered
            detail = [
                "system": key, "outcome": "done", "found": String(outcome.rows.found), "deleted": String(outcome.rows.deleted),
                "masked": String(outcome.rows.masked), "kept": String(outcome.rows.kept),
                "shared": FulfilmentProgress.detailJSON(outcome.shared), "retained": FulfilmentProgress.detailJSON(outcome.retained),
                "strategies": FulfilmentProgress.detailJSON(outcome.strategies),
            ]
        } catch let error as ConnectorError {
            action = .systemFailed
            detail = ["system": key, "error": error.description]
        }
        _ = try await desk.change(request.id, in: request.property) { _, _ in RequestDesk.Step(action, actor: "accord", detail: detail) }
        if action == .systemFailed {
            logger.warning("a connected system failed; it will be retried", metadata: ["request": "\(request.id)", "system": "\(key)"])
        }
    }

    /// Opens the system's connection and runs its connector for the requester.
    func execute(_ key: String, of request: PrivacyRequest, mode: ConnectorMode) async throws -> ConnectorOutcome {
        guard let runner else { throw ConnectorError.connectionUnavailable("no connector runner is configured on this server") }
        guard let system = try await systems.system(key, of: request.property), let connector = system.connector, connector.isSQL,
            let dataset = connector.dataset
        else { throw ConnectorError.connectionUnavailable("the system or its connector was removed from the data map") }
        guard let source = connector.connection,
            let connection = secrets.open(source, property: request.property, system: key, environment: environment())
        else { throw ConnectorError.connectionUnavailable("the connection is not available (unset variable or other root key)") }
        guard let email = try await desk.details(of: request)?.email else {
            throw ConnectorError.connectionUnavailable("the requester's address can no longer be read")
        }
        return try await runner.run(kind: connector.kind, connection: connection, dataset: dataset, identities: ["email": email], mode: mode)
    }
}
