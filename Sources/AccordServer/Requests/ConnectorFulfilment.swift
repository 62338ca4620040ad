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
    /// Who advances which run now, and the prepared outcomes of erasure steps (`FulfilmentClaims`).
    let claims: any FulfilmentClaims
    /// Runs after every system answered a deletion, before it completes: the erasure of Accord's own data
    /// (`RequestFulfilment.prepare`, which records `request.dataErased`); nil skips it.
    let accordStep: (@Sendable (PrivacyRequest) async throws -> Void)?
    /// Runs after every system answered an access or portability request, before it completes: the package is
    /// sealed and its link e-mailed (`RequestPackages.send`); nil skips it.
    var packageStep: (@Sendable (PrivacyRequest) async throws -> Void)? = nil
    let environment: @Sendable () -> [String: String]
    /// A pause after each system's answer: test-only (`ACCORD_TEST_FULFILMENT_PAUSE_MS`), so a test can kill the
    /// server between two systems; zero otherwise.
    var pause: Duration = .zero
    let logger: Logger
    /// Runs after a system's step committed and before its answer is recorded: test-only fault injection (a
    /// throw, or `ACCORD_TEST_FULFILMENT_CRASH_AFTER_COMMIT` killing the process there); nil otherwise.
    var afterCommit: (@Sendable (String) async throws -> Void)? = nil
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
    /// exempt), with its reason, under a claim on the run (`concurrentChange` while another attempt advances it).
    func answer(_ id: String, in property: PropertyID, system: String, outcome: String, reason: String, actor: String) async throws
        -> PrivacyRequest
    {
        guard let stored = try await requests.request(id, in: property) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        let (run, holder) = (Self.runID(stored), UUID().uuidString)
        guard try await claims.claimRun(run, holder: holder, now: desk.now(), lease: Self.lease) else {
            throw RequestError(.concurrentChange, field: nil, "the request's run is advancing now; retry")
        }
        do {
            let answered = try await answerClaimed(id, in: property, system: system, outcome: outcome, reason: reason, actor: actor, holder: holder)
            try await claims.releaseRun(run, holder: holder)
            return answered
        } catch {
            try? await claims.releaseRun(run, holder: holder)
            throw error
        }
    }

    private func answerClaimed(
        _ id: String, in property: PropertyID, system: String, outcome: String, reason: String, actor: String, holder: String
    ) async throws -> PrivacyRequest {
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
        _ = try await advance(request, holder: holder)
        return try await requests.request(id, in: property) ?? request
    }

    /// How long a claim on a run lasts: renewed before each system's step and every `heartbeat` while one runs, so
    /// a crashed instance's run is taken over within about this long, and a live one keeps it. Should a renewal
    /// still come too late, the step's prepared outcome is refused under the lapsed claim and the system rolls back.
    static let lease = Duration.seconds(30)
    static let heartbeat = Duration.seconds(10)

    /// The claim's name of `request`'s run.
    static func runID(_ request: PrivacyRequest) -> String { "\(request.property.rawValue)/\(request.id)" }

    /// Runs what is due of `request`'s fulfilment: every pending system, failed ones whose backoff ran out, then
    /// the completion once all have answered. True when something was done. The run is claimed first
    /// (`FulfilmentClaims`), so of several instances (or the API and the service of one) only one advances it at
    /// a time; false, with nothing done, when another holds it. `holder` is a claim the caller already holds.
    @discardableResult
    func advance(_ request: PrivacyRequest, holder given: String? = nil) async throws -> Bool {
        let holder = given ?? UUID().uuidString
        let run = Self.runID(request)
        guard try await claims.claimRun(run, holder: holder, now: desk.now(), lease: Self.lease) else { return false }
        do {
            let acted = try await advanceClaimed(request.id, in: request.property, holder: holder)
            if given == nil { try await claims.releaseRun(run, holder: holder) }
            return acted
        } catch {
            if given == nil { try? await claims.releaseRun(run, holder: holder) }
            throw error
        }
    }

    /// Runs `body` under a claim on `request`'s run (its holder passed in), released after; nil, with nothing run,
    /// when another runner holds the run now.
    func whileClaimed<T: Sendable>(_ request: PrivacyRequest, _ body: (String) async throws -> T) async throws -> T? {
        let (run, holder) = (Self.runID(request), UUID().uuidString)
        guard try await claims.claimRun(run, holder: holder, now: desk.now(), lease: Self.lease) else { return nil }
        do {
            let result = try await body(holder)
            try await claims.releaseRun(run, holder: holder)
            return result
        } catch {
            try? await claims.releaseRun(run, holder: holder)
            throw error
        }
    }

    /// `advance` under the claim: the request and its timeline are read again now that nobody else moves them.
    private func advanceClaimed(_ id: String, in property: PropertyID, holder: String) async throws -> Bool {
        guard let request = try await requests.request(id, in: property), request.status == .inProgress,
            var progress = FulfilmentProgress.of(try await requests.requestTimeline(id, in: property))
        else { return false }
        var acted = false
        let mode = progress.mode
        for system in progress.systems where !system.answered && ["postgres", "sqlite"].contains(system.kind) {
            if system.status == "failed", let retry = FulfilmentProgress.retryAt(system), retry > desk.now() { continue }
            // Renewed before each step; a lapsed claim someone else took ends this pass.
            guard try await claims.claimRun(Self.runID(request), holder: holder, now: desk.now(), lease: Self.lease) else { break }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await run(system.name, of: request, mode: mode, holder: holder) }
                group.addTask {
                    while true {
                        try await Task.sleep(for: Self.heartbeat)
                        _ = try await claims.claimRun(Self.runID(request), holder: holder, now: desk.now(), lease: Self.lease)
                    }
                }
                defer { group.cancelAll() }
                try await group.next()
            }
            acted = true
            if pause > .zero { try await Task.sleep(for: pause) }
        }
        if let webhooks, try await webhooks.dispatchDue(progress, of: request) { acted = true }
        if acted, let fresh = FulfilmentProgress.of(try await requests.requestTimeline(request.id, in: request.property)) {
            progress = fresh
        }
        guard progress.status == "done" else { return acted }
        if request.type == .deletion, let accordStep { try await accordStep(request) }
        if request.type == .access || request.type == .portability, let packageStep { try await packageStep(request) }
        let completed = try await desk.transition(
            request.id, in: request.property, to: .completed, reason: "every connected system answered", exemption: nil, actor: "accord")
        logger.info("request completed after its connected systems answered", metadata: ["request": "\(completed.id)"])
        return true
    }

    /// One system's run, recorded as its answer or its failure (the error names the system's problem, never a value).
    ///
    /// An erasure step is made durable before the system commits: its outcome is recorded under the run's claim
    /// inside the system's transaction (`FulfilmentClaims.recordStepOutcome`), so a crash between the system's
    /// commit and the audit entry leaves the true counts for the resumed attempt (`StepReconciliation`), which
    /// finds the rows gone. The prepared outcome is removed once the answer is recorded.
    private func run(_ key: String, of request: PrivacyRequest, mode: ConnectorMode, holder: String) async throws {
        let detail: [String: String]
        let action: RequestAudit.Action
        let run = Self.runID(request)
        do {
            var prepare: (@Sendable (ConnectorOutcome) async throws -> ConnectorOutcome)?
            if mode == .erase {
                let earlier = try await claims.stepOutcome(run: run, step: key).flatMap {
                    try? JSONDecoder().decode(ConnectorOutcome.self, from: Data($0.utf8))
                }
                let (claims, desk) = (self.claims, self.desk)
                prepare = { resumed in
                    let outcome = StepReconciliation.outcome(prepared: earlier, resumed: resumed)
                    let recorded: Bool
                    do {
                        recorded = try await claims.recordStepOutcome(
                            FulfilmentProgress.detailJSON(outcome), run: run, step: key, holder: holder, now: desk.now())
                    } catch {
                        throw ConnectorStepAborted("the step's outcome could not be recorded in Accord's database")
                    }
                    guard recorded else { throw ConnectorStepAborted("the claim on the run lapsed; another attempt runs it") }
                    return outcome
                }
            }
            let outcome = try await execute(key, of: request, mode: mode, beforeCommit: prepare)
            try await afterCommit?(key)
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
        if action == .systemAnswered, mode == .erase { try await claims.clearStepOutcome(run: run, step: key) }
        if action == .systemFailed {
            logger.warning("a connected system failed; it will be retried", metadata: ["request": "\(request.id)", "system": "\(key)"])
        }
    }

    /// Opens the system's connection and runs its connector for the requester.
    /// `beforeCommit`, when given, runs inside the system's transaction before it commits (`ConnectorRunner`).
    func execute(
        _ key: String, of request: PrivacyRequest, mode: ConnectorMode,
        beforeCommit: (@Sendable (ConnectorOutcome) async throws -> ConnectorOutcome)? = nil
    ) async throws -> ConnectorOutcome {
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
        guard let beforeCommit else {
            return try await runner.run(kind: connector.kind, connection: connection, dataset: dataset, identities: ["email": email], mode: mode)
        }
        return try await runner.run(
            kind: connector.kind, connection: connection, dataset: dataset, identities: ["email": email], mode: mode, beforeCommit: beforeCommit)
    }
}
