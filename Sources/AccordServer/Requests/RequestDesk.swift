import AccordCore
import Foundation

/// The data-subject request workflow over the store: intake, verification, the case's moves, notes and extensions.
/// Every operation reads the request, changes it by the pure rules in `AccordCore` (`RequestWorkflow`,
/// `VerificationChallenge`) and saves it with compare-and-swap together with its audit entry, its webhook and its
/// e-mails, retrying when another change came first.
struct RequestDesk: Sendable {
    let store: any RequestStore
    let directory: SubjectDirectory
    let kit: RequestKit
    let deadlines: RequestDeadlineSource
    /// Whether e-mail is on: without it no code can be sent, and requests wait for an operator's verification.
    let mailOn: Bool
    let now: @Sendable () -> Date

    /// Takes a request in: the requester's address goes into the vault (the subject its address names), the details
    /// are sealed under that subject's key, a duplicate of an open request is linked to it, and a code is e-mailed
    /// when the type needs one. `receivedAt` is when the organisation received it (operators; else now).
    func submit(
        _ submission: RequestSubmission, in property: Property, channel: RequestChannel, receivedAt: Date?, actor: String
    ) async throws -> PrivacyRequest {
        let time = now()
        let clear = SubjectIdentifier.normalize(submission.email)
        let requester = kit.pseudonymizer.key(for: clear, in: property.id)
        try await directory.remember(clear, as: requester, in: property.id, at: time)
        let details = RequestDetails(
            email: submission.email, details: submission.details, correction: submission.correction, agent: submission.agent)
        let sealed = try await directory.sealCopy(try details.json(), for: requester, in: property.id)
        let received = (receivedAt ?? time).truncatedToMilliseconds
        var request = PrivacyRequest(
            id: PrivacyRequest.newID(), property: property.id, type: submission.type, scope: submission.scope, channel: channel,
            jurisdiction: submission.jurisdiction, law: nil, requester: requester, sealed: sealed,
            hasAgent: submission.agent != nil, receivedAt: received, createdAt: time)
        let calendar = property.deadlineCalendar
        request.clock = deadlines.clock(type: submission.type, jurisdiction: submission.jurisdiction, receivedAt: received, calendar: calendar)
        deadlines.apply(to: &request, calendar: calendar, now: time)
        request.duplicateOf = try await store.openRequests(of: requester, type: submission.type, in: property.id).first?.id
        var mail: [OutboxEntry] = []
        let needsCode = request.requiredStrength > .none
        if needsCode, mailOn {
            var generator = SystemRandomNumberGenerator()
            let (code, challenge) = VerificationChallenge.issue(requestID: request.id, key: kit.codeKey, now: time, using: &generator)
            request.challenge = challenge
            let sealedCode = try await directory.sealCopy(Array(code.utf8), for: requester, in: property.id)
            mail += try mailEntry(.requestCode, request, sealedCode: sealedCode, at: time)
        } else if !needsCode {
            mail += try mailEntry(.requestAcknowledged, request, at: time)
        }
        var detail: [String: String] = ["channel": channel.rawValue]
        if let duplicate = request.duplicateOf { detail["duplicateOf"] = duplicate }
        if request.hasAgent { detail["agent"] = "true" }
        try await store.createRequest(
            RequestChange(
                request: request, audit: RequestAudit.entry(.received, request, before: nil, actor: actor, detail: detail, at: time),
                webhook: .requestReceived, mail: mail))
        if !needsCode {
            request = try await change(request.id, in: property.id) { request, time in
                request.status = .verified
                request.verification = RequestVerification(
                    method: "notRequired", strength: .none, by: nil, reason: nil, powerOfAttorney: false, at: time)
                return Step(.verified, actor: "accord", detail: ["method": "notRequired"], webhook: .requestVerified)
            }
        }
        return request
    }

    /// Checks the requester's code (`verify(_:code:dataPoint:in:)`).
    func verify(_ id: String, code: String, in property: PropertyID) async throws -> PrivacyRequest {
        try await verify(id, code: code, dataPoint: nil, in: property)
    }

    /// E-mails a new code, at most once a minute and 10 times per request.
    func resend(_ id: String, in property: PropertyID) async throws -> PrivacyRequest {
        try await change(id, in: property) { request, time in
            guard request.status == .verifying, request.verification == nil else {
                throw RequestError(.notVerifying, field: nil, "the request is not waiting for a code")
            }
            guard mailOn else { throw RequestError(.resendLimited, field: nil, "e-mail is off: an operator verifies this request") }
            var generator = SystemRandomNumberGenerator()
            let code: String
            if let challenge = request.challenge {
                guard challenge.mayResend(now: time) else {
                    throw RequestError(.resendLimited, field: nil, "a new code can be sent once a minute, 10 times per request")
                }
                (code, request.challenge) = challenge.renewed(requestID: request.id, key: kit.codeKey, now: time, using: &generator)
            } else {
                let issued = VerificationChallenge.issue(requestID: request.id, key: kit.codeKey, now: time, using: &generator)
                (code, request.challenge) = (issued.code, issued.challenge)
            }
            let sealed = try await directory.sealCopy(Array(code.utf8), for: request.requester, in: request.property)
            return Step(.codeSent, actor: "requester", mail: try mailEntry(.requestCode, request, sealedCode: sealed, at: time))
        }
    }

    /// An operator's verification done another way (by phone, in person), with its reason; for an agent's request,
    /// whether a power of attorney was seen.
    func recordVerification(_ id: String, in property: PropertyID, reason: String, powerOfAttorney: Bool, actor: String)
        async throws -> PrivacyRequest
    {
        try await change(id, in: property) { request, time in
            guard request.status == .verifying else {
                throw RequestError(.notVerifying, field: nil, "the request is \(request.status.rawValue), not verifying")
            }
            request.status = .verified
            request.challenge = nil
            request.verification = RequestVerification(
                method: "operator", strength: .reasonablyHigh, by: actor, reason: reason, powerOfAttorney: powerOfAttorney, at: time)
            return Step(
                .verified, actor: actor, detail: ["method": "operator", "powerOfAttorney": String(powerOfAttorney)],
                webhook: .requestVerified)
        }
    }

    /// A move of the case, checked by `RequestWorkflow`.
    func transition(
        _ id: String, in property: PropertyID, to target: RequestStatus, reason: String?, exemption: RequestExemption?,
        actor: String
    ) async throws -> PrivacyRequest {
        try await change(id, in: property) { request, time in
            do throws(RequestWorkflow.Refusal) {
                try RequestWorkflow.check(from: request.status, to: target, reason: reason, exemption: exemption)
            } catch {
                switch error {
                case .forbidden, .verificationRequired:
                    throw RequestError(.transitionForbidden, field: "to", error.description)
                case .reasonRequired:
                    throw RequestError(.denialIncomplete, field: "reason", error.description)
                case .exemptionRequired, .exemptionNotAllowed:
                    throw RequestError(.denialIncomplete, field: "exemption", error.description)
                }
            }
            request.status = target
            request.challenge = nil
            if !target.isOpen { request.closedAt = time }
            if target == .denied {
                request.denialReason = reason
                request.exemption = exemption
            }
            var detail: [String: String] = [:]
            if let reason, target != .denied { detail["reason"] = reason }
            let webhook: WebhookEventType? =
                switch target {
                case .completed: .requestCompleted
                case .denied: .requestDenied
                case .verifying, .verified, .inProgress, .withdrawn, .unverifiable: nil
                }
            let mail = target.isOpen ? [] : try mailEntry(target == .unverifiable ? .requestUnverifiable : .requestClosed, request, at: time)
            return Step(.transition, actor: actor, detail: detail, webhook: webhook, mail: mail)
        }
    }

    /// Sets or clears the assignee.
    func assign(_ id: String, in property: PropertyID, to assignee: String?, actor: String) async throws -> PrivacyRequest {
        try await change(id, in: property) { request, _ in
            request.assignee = assignee
            return Step(.assigned, actor: actor, detail: ["assignee": assignee ?? ""])
        }
    }

    /// Adds an internal note (kept in the request, not in the audit chain, which records only that one was added).
    func note(_ id: String, in property: PropertyID, text: String, actor: String) async throws -> PrivacyRequest {
        try await change(id, in: property) { request, time in
            let note = RequestNote(id: "note_\(request.notes.count + 1)", author: actor, text: text, at: time)
            request.notes.append(note)
            return Step(.noted, actor: actor, detail: ["note": note.id])
        }
    }

    /// Extends the deadline once, where the law allows it, and tells the requester why.
    func extend(_ id: String, in property: Property, reason: String, actor: String) async throws -> PrivacyRequest {
        try await change(id, in: property.id) { request, time in
            guard request.status.isOpen else {
                throw RequestError(.extensionRefused, field: nil, "a closed request cannot be extended")
            }
            switch deadlines.extended(request, reason: reason, at: time, calendar: property.deadlineCalendar) {
            case .success(let clock):
                request.clock = clock
                request.extensionReason = reason
                deadlines.apply(to: &request, calendar: property.deadlineCalendar, now: time)
            case .failure(let error):
                throw error
            }
            return Step(.extended, actor: actor, detail: ["reason": reason], mail: try mailEntry(.requestExtended, request, at: time))
        }
    }

    /// What one change records besides the request's new state.
    struct Step {
        var action: RequestAudit.Action
        var actor: String
        var detail: [String: String] = [:]
        var webhook: WebhookEventType?
        var mail: [OutboxEntry] = []

        init(
            _ action: RequestAudit.Action, actor: String, detail: [String: String] = [:], webhook: WebhookEventType? = nil,
            mail: [OutboxEntry] = []
        ) {
            self.action = action
            self.actor = actor
            self.detail = detail
            self.webhook = webhook
            self.mail = mail
        }
    }

    /// Reads the request, applies `edit` and saves it with its step, again from a fresh read when another change
    /// came first (three times, then 409).
    func change(
        _ id: String, in property: PropertyID, _ edit: (inout PrivacyRequest, Date) async throws -> Step
    ) async throws -> PrivacyRequest {
        for _ in 0..<3 {
            guard let stored = try await store.request(id, in: property) else {
                throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
            }
            var request = stored
            let time = now()
            let step = try await edit(&request, time)
            request.version = stored.version + 1
            request.updatedAt = time.truncatedToMilliseconds
            let audit = RequestAudit.entry(
                step.action, request, before: stored.status, actor: step.actor, detail: step.detail, at: time)
            if try await store.updateRequest(RequestChange(request: request, audit: audit, webhook: step.webhook, mail: step.mail)) {
                return request
            }
        }
        throw RequestError(.concurrentChange, field: nil, "the request was changed by others meanwhile; read it again and retry")
    }

    /// The e-mail `kind` about `request`, as an outbox entry (none when e-mail is off).
    func mailEntry(
        _ kind: MailRequest.Kind, _ request: PrivacyRequest, sealedCode: [UInt8]? = nil, expiresAt: Date? = nil, at time: Date
    ) throws -> [OutboxEntry] {
        guard mailOn else { return [] }
        var mail = MailRequest(kind: kind, property: request.property, subject: request.requester, expiresAt: expiresAt)
        mail.request = request.id
        mail.sealedCode = sealedCode
        let message = OutboxMessage(
            id: OutboxMessage.randomID(), channel: .mail, type: "mail.\(kind.rawValue)", property: request.property,
            subject: request.requester, payload: try mail.json(), createdAt: time)
        return [OutboxEntry(message: message, destinations: [OutboxMailQueue.destination])]
    }
}
