import AccordCore
import Crypto
import Foundation
import Logging

/// Sends a request to the webhook connectors of its run (issue 14 §1): the Standard Webhooks POST of
/// `ConnectorDispatch.body`, signed with the system's `whsec_` secret, through the webhook endpoints' address check.
/// A send is durable because it is an audit entry: `request.systemDispatched` when the system took it (2xx), else
/// `request.systemFailed` with the reason, which the fulfilment service retries with backoff; a system that stays
/// silent is sent it again (with a fresh token) every `ConnectorDispatch.reminderInterval`.
struct WebhookConnectorStep: Sendable {
    let desk: RequestDesk
    let systems: any DataMapStore
    let secrets: WebhookSecretBox
    let rule: WebhookURLRule
    let hosts: any HostResolver
    let transport: any WebhookTransport
    let tokens: CallbackTokens
    let logger: Logger

    /// Sends every webhook system of `progress` that is due; true when one was tried.
    func dispatchDue(_ progress: FulfilmentProgress, of request: PrivacyRequest) async throws -> Bool {
        var acted = false
        for system in progress.systems where ConnectorDispatch.isDue(system, at: desk.now()) {
            try await dispatch(system, of: request)
            acted = true
        }
        return acted
    }

    /// One send, recorded as dispatched or failed.
    func dispatch(_ progress: FulfilmentProgress.SystemProgress, of request: PrivacyRequest) async throws {
        let detail: [String: String]
        let action: RequestAudit.Action
        switch await send(progress, of: request) {
        case .success(let nonce):
            action = .systemDispatched
            detail = [
                "system": progress.name, "nonce": nonce, "attempt": String(progress.dispatches + 1),
                "reminder": progress.dispatches > 0 ? "true" : "false",
            ]
        case .failure(let error):
            action = .systemFailed
            detail = ["system": progress.name, "error": error.description]
            logger.warning(
                "a webhook connector could not be sent the request; it will be retried",
                metadata: ["request": "\(request.id)", "system": "\(progress.name)"])
        }
        _ = try await desk.change(request.id, in: request.property) { _, _ in RequestDesk.Step(action, actor: "accord", detail: detail) }
    }

    /// POSTs the request; the token's nonce when the system took it (2xx).
    private func send(_ progress: FulfilmentProgress.SystemProgress, of request: PrivacyRequest) async -> Result<String, ConnectorError> {
        do {
            guard let system = try await systems.system(progress.name, of: request.property), let connector = system.connector,
                connector.kind == .webhook, let url = connector.url
            else { return .failure(.connectionUnavailable("the system or its webhook connector was removed from the data map")) }
            guard let sealed = connector.secret else {
                return .failure(.connectionUnavailable("the connector has no signing secret yet: PUT the system through the API once to make one"))
            }
            let keys = secrets.keys(
                current: sealed, previous: connector.previousSecret, until: connector.previousSecretExpiresAt,
                endpoint: AdminSystemsController.secretName(system), at: desk.now())
            guard !keys.isEmpty else {
                return .failure(.connectionUnavailable("the connector's secret cannot be opened (another root key?)"))
            }
            guard let email = try await desk.details(of: request)?.email else {
                return .failure(.connectionUnavailable("the requester's address can no longer be read"))
            }
            let address: IPAddress?
            do {
                address = try await rule.destination(url: url, resolver: hosts).address
            } catch {
                return .failure(.unreachable("refused: \(error.message)"))
            }
            let now = desk.now()
            let token = tokens.make(for: request, system: system.key, now: now)
            let body = ConnectorDispatch.body(
                request: request, identities: ["email": email], callbackURL: tokens.callbackURL, token: token.text,
                reminder: progress.dispatches > 0)
            let id = "msg_\(token.claims.nonce)"
            let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
            let headers = [
                ("content-type", "application/json"),
                ("user-agent", "Accord-Webhooks/1"),
                ("webhook-id", id),
                ("webhook-timestamp", String(timestamp)),
                ("webhook-signature", WebhookSignature.header(id: id, timestamp: timestamp, body: body, keys: keys)),
            ]
            let result = await transport.post(url: url, connectingTo: address, headers: headers, body: body, timeout: 10)
            guard let status = result.statusCode, (200..<300).contains(status) else {
                return .failure(
                    .unreachable(
                        result.statusCode.map { "the webhook answered \($0)" } ?? "the webhook could not be reached: \(result.error ?? "no answer")"))
            }
            return .success(token.claims.nonce)
        } catch {
            return .failure(.connectionUnavailable("the request could not be read to send it"))
        }
    }
}

/// Makes and checks the callback tokens of webhook connectors, with a key derived from the server's request key.
struct CallbackTokens: Sendable {
    let key: [UInt8]
    /// Where systems answer: `{http.publicUrl}/v1/requests/callback`.
    let callbackURL: String

    init(requestKey: [UInt8], publicURL: String) {
        key = Array(HMAC<SHA256>.authenticationCode(for: Array("accord connector callback".utf8), using: SymmetricKey(data: requestKey)))
        callbackURL = (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + "/v1/requests/callback"
    }

    /// A fresh token for `system` of `request`: valid until the request's due date, or a day when that is sooner
    /// (an overdue request still gets a usable token).
    func make(for request: PrivacyRequest, system: String, now: Date) -> (claims: CallbackToken, text: String) {
        let floor = now.addingTimeInterval(ConnectorDispatch.reminderInterval)
        let expires = max(request.effectiveDueAt ?? floor, floor)
        let claims = CallbackToken(property: request.property, request: request.id, system: system, expires: expires)
        return (claims, claims.signed(key: key))
    }
}
