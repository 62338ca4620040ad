import AccordCore
import Foundation
import Logging

/// Sends claimed deliveries and records what happened: the Standard Webhooks request, the address check made
/// again at delivery, the retry schedule, `Retry-After`, 410 (disable) and dead-lettering (`failing`).
public struct WebhookSender: Sendable {
    let transport: any WebhookTransport
    let resolver: any SubjectNameResolver
    let hosts: any HostResolver
    let secrets: WebhookSecretBox
    let rule: WebhookURLRule
    let schedule: RetrySchedule
    /// Real seconds a request may take.
    let timeout: TimeInterval
    /// Renders the `data` of consent messages, stored thin, from the subject's stored history; nil only for
    /// senders that never meet one (a message that needs it then fails its attempt, and is retried).
    let renderer: ConsentMessageRenderer?
    /// Where recorded attempts are counted (`OutboxMetrics`); nil counts nothing.
    public var metrics: OutboxMetrics?

    /// A sender; `timeout` is in real seconds (10 s, as the issue sets). `log` is where consent messages' events
    /// are read from to render them.
    public init(
        transport: any WebhookTransport, resolver: any SubjectNameResolver, hosts: any HostResolver, secrets: WebhookSecretBox,
        rule: WebhookURLRule, schedule: RetrySchedule = .standard, timeout: TimeInterval = 10, log: (any ConsentLog)? = nil
    ) {
        self.renderer = log.map { ConsentMessageRenderer(log: $0) }
        self.transport = transport
        self.resolver = resolver
        self.hosts = hosts
        self.secrets = secrets
        self.rule = rule
        self.schedule = schedule
        self.timeout = timeout
    }

    /// How long a claim is held, in clock time: well past a request's real timeout, so a claim never lapses
    /// while its request may still be out.
    func lease(for clock: any ServiceClock) -> Duration {
        .milliseconds(Int64(max(30, timeout * 3) * clock.rate * 1000))
    }

    func shutdown() async {
        await (transport as? HTTPWebhookTransport)?.shutdown()
    }

    /// One attempt's result before it is recorded, and what it means for the endpoint.
    struct Attempt: Sendable {
        var result: DeliveryResult
        var endpointStatus: WebhookEndpointStatus?
    }

    /// Sends the delivery once and records the outcome.
    public func deliver(
        _ claim: ClaimedDelivery, to endpoint: WebhookEndpoint, store: any Outbox & WebhookEndpointStore, clock: any ServiceClock,
        logger: Logger
    ) async {
        await record(
            [await attempt(claim, to: endpoint, clock: clock, logger: logger)], endpoint: endpoint, store: store, clock: clock, logger: logger)
    }

    /// Where a batch of requests to one endpoint goes and what signs them, worked out once for the batch at
    /// delivery time: the URL checked again (its name resolved once, now, and every address checked) and the
    /// endpoint's secrets opened; or why nothing can be sent.
    struct Route: Sendable {
        var address: IPAddress?
        var keys: [[UInt8]]
    }

    /// The route to `endpoint` at `now`, or the result every attempt of the batch gets when there is none.
    func route(to endpoint: WebhookEndpoint, at now: Date) async -> Result<Route, TransportFailure> {
        let address: IPAddress?
        do {
            address = try await rule.destination(url: endpoint.url, resolver: hosts).address
        } catch {
            return .failure(TransportFailure(result: TransportResult(statusCode: nil, error: "refused: \(error.message)")))
        }
        let keys = secrets.keys(of: endpoint, at: now)
        guard !keys.isEmpty else {
            return .failure(TransportFailure(result: TransportResult(statusCode: nil, error: "the endpoint's secret cannot be opened")))
        }
        return .success(Route(address: address, keys: keys))
    }

    /// Why a batch's route could not be made, as the result its attempts record.
    struct TransportFailure: Error {
        var result: TransportResult
    }

    /// Sends the delivery once and decides its outcome: delivered, retried (when, by the schedule or `Retry-After`)
    /// or dead after the last attempt. `route`, when given, is the batch's (`route(to:at:)`); otherwise it is
    /// worked out for this attempt alone.
    func attempt(
        _ claim: ClaimedDelivery, to endpoint: WebhookEndpoint, route: Result<Route, TransportFailure>? = nil, clock: any ServiceClock,
        logger: Logger
    ) async -> Attempt {
        let message = claim.delivery.message
        let started = clock.now
        let result: TransportResult
        let route = if let route { route } else { await self.route(to: endpoint, at: started) }
        switch route {
        case .success(let route): result = await send(message, to: endpoint, route: route, at: started)
        case .failure(let failure): result = failure.result
        }
        let finished = clock.now
        let report = AttemptReport(
            at: started, statusCode: result.statusCode, error: result.error,
            latencyMilliseconds: Int64(max(0, finished.timeIntervalSince(started) / clock.rate) * 1000))
        let number = claim.delivery.attempts + 1
        let first = claim.delivery.firstAttemptAt ?? started
        let outcome: DeliveryOutcome
        var endpointStatus: WebhookEndpointStatus?
        switch result.statusCode {
        case .some(200..<300):
            outcome = .delivered
        case .some(410):
            // Gone: the receiver asks us to stop. The message stays pending for a later resume.
            endpointStatus = .disabled
            outcome = .retry(at: finished)
        default:
            let asked =
                [429, 503].contains(result.statusCode ?? 0)
                ? result.retryAfter.flatMap { RetrySchedule.retryAfter($0, now: finished) } : nil
            if let next = schedule.next(after: number, first: first, now: finished, jitter: Double.random(in: 0..<1), retryAfter: asked) {
                outcome = .retry(at: next)
            } else {
                outcome = .dead
                endpointStatus = .failing
            }
        }
        if outcome != .delivered {
            logger.info(
                "webhook delivery failed",
                metadata: [
                    "endpoint": "\(endpoint.id)", "message": "\(message.id)", "attempt": "\(number)",
                    "status": "\(result.statusCode.map(String.init) ?? result.error ?? "-")",
                ])
        }
        return Attempt(result: DeliveryResult(claim: claim, attempt: report, outcome: outcome), endpointStatus: endpointStatus)
    }

    /// Records attempts to one endpoint in one transaction, then moves the endpoint to `failing` or `disabled`
    /// when an attempt says so. With `claimingNext` (up to that many), the endpoint's next due deliveries are
    /// claimed in the same transaction (`Outbox.finishAndClaim`) and returned; nil when they were not (or when
    /// the outcomes could not be recorded).
    @discardableResult
    func record(
        _ attempts: [Attempt], endpoint: WebhookEndpoint, store: any Outbox & WebhookEndpointStore, clock: any ServiceClock, logger: Logger,
        claimingNext limit: Int? = nil
    ) async -> [ClaimedDelivery]? {
        guard !attempts.isEmpty else { return nil }
        var next: [ClaimedDelivery]?
        do {
            let kept: [Bool]
            if let limit {
                (kept, next) = try await store.finishAndClaim(
                    attempts.map(\.result), channel: .webhook, destinations: [endpoint.id], now: clock.now, lease: lease(for: clock),
                    limit: limit)
            } else {
                kept = try await store.finish(attempts.map(\.result))
            }
            for (attempt, kept) in zip(attempts, kept) where kept { metrics?.finished(.webhook, attempt.result) }
            for (attempt, kept) in zip(attempts, kept) where !kept {
                logger.notice(
                    "webhook delivery: claim lapsed before the result was recorded",
                    metadata: ["message": "\(attempt.result.claim.delivery.message.id)"])
            }
            let statuses = zip(attempts, kept).compactMap { $1 ? $0.endpointStatus : nil }
            // Dead-lettering outranks a 410: both stop the endpoint, `failing` says more.
            guard let status = statuses.contains(.failing) ? .failing : statuses.first,
                var current = try await store.webhookEndpoint(endpoint.id, of: endpoint.property), current.status == .active
            else { return next }
            current.status = status
            current.updatedAt = clock.now
            try await store.saveWebhookEndpoint(current)
            logger.warning(
                "webhook endpoint \(status == .failing ? "failing: a message was dead-lettered" : "disabled: it answered 410 Gone")",
                metadata: ["endpoint": "\(endpoint.id)", "property": "\(endpoint.property)"])
        } catch {
            logger.warning("webhook delivery: cannot record outcomes; they will be sent again", metadata: ["endpoint": "\(endpoint.id)"])
            return nil
        }
        return next
    }

    /// The request itself: the body rendered (a consent message's `data` from its stored event) with the
    /// subject's clear id when the resolver knows it, signed with every key of the route, and sent to the address
    /// the route checked (never to whatever the name resolves to a moment later).
    func send(_ message: OutboxMessage, to endpoint: WebhookEndpoint, route: Route, at now: Date) async -> TransportResult {
        var clear: String?
        if let subject = message.subject {
            do {
                clear = try await resolver.clearSubject(subject, in: message.property)
            } catch {
                return TransportResult(statusCode: nil, error: "the subject's id cannot be resolved now")
            }
        }
        var message = message
        if ConsentMessages.referencedEvent(in: message.payload) != nil {
            do {
                guard let renderer else { throw StoreError.corrupt("no event log to render consent messages from") }
                message = try await renderer.rendered(message)
            } catch {
                return TransportResult(statusCode: nil, error: "the message's event cannot be read now")
            }
        }
        let body = WebhookBody.make(message, clearSubject: clear)
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let headers = [
            ("content-type", "application/json"),
            ("user-agent", "Accord-Webhooks/1"),
            ("webhook-id", message.id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", WebhookSignature.header(id: message.id, timestamp: timestamp, body: body, keys: route.keys)),
        ]
        return await transport.post(url: endpoint.url, connectingTo: route.address, headers: headers, body: body, timeout: timeout)
    }
}
