import AccordCore
import Foundation

/// Turns one queued `MailRequest` into an e-mail and hands it to the transport. The address is read from the
/// subject vault now, not when the mail was queued: a subject shredded meanwhile, or whose address changed or
/// was never confirmed, gets nothing (`dropped`), and a link is made only for a subject the vault still knows.
struct MailDispatcher: Sendable {
    /// What became of a request.
    enum Outcome: Hashable, Sendable {
        /// Accepted by the SMTP server.
        case sent
        /// Not sent, for good, for this reason (safe to log: no address, no identifier).
        case dropped(String)
    }

    let transport: any MailTransport
    /// `mail.from`.
    let from: String
    let directory: SubjectDirectory
    let configuration: any ConfigurationStore
    let log: any ConsentLog
    /// Data-subject requests, for the e-mails about them.
    let requests: any RequestStore
    let links: PreferenceLinkSealer
    let publicURL: String
    let renderer: MailRenderer
    let now: @Sendable () -> Date
    /// Form versions and the sealed evidence that holds the address for the e-mails about forms.
    var forms: (any FormStore & FormEvidenceStore)?

    /// Sends `request` as the message `messageID` (the same on every retry, so a receiver can drop a repeat);
    /// throws `MailDeliveryError` when the transport fails (temporary ones are worth a retry).
    func deliver(_ request: MailRequest, messageID: String) async throws -> Outcome {
        guard let property = try await configuration.property(request.property) else { return .dropped("property gone") }
        switch request.kind {
        case .requestCode, .requestAcknowledged, .requestVerifyReminder, .requestUnverifiable, .requestExtended, .requestClosed,
            .requestPackage:
            return try await deliverRequestMail(request, property: property, messageID: messageID)
        case .requestDueSoon:
            return try await deliverDueSoonMail(request, property: property, messageID: messageID)
        case .formCopy, .formRevoked, .guardianConfirmation:
            return try await deliverFormMail(request, property: property, messageID: messageID)
        case .contactConfirmation, .reconsentReminder, .choicesChanged:
            break
        }
        guard let contact = try await directory.contact(of: request.subject, in: request.property), let email = contact.email
        else { return .dropped("no address for the subject (never given, or erased)") }
        let link: String
        var statuses: [PurposeKey: ConsentChoice] = [:]
        switch request.kind {
        case .contactConfirmation:
            guard !contact.confirmed else { return .dropped("address already confirmed") }
            guard let token = request.token, request.emailDigest == SubjectContact.digest(of: email) else {
                return .dropped("address changed since the confirmation was queued")
            }
            link = "\(publicURL)/p/\(property.id.rawValue)/contact/confirm?token=\(token)"
        case .requestCode, .requestAcknowledged, .requestVerifyReminder, .requestUnverifiable, .requestExtended, .requestClosed,
            .requestDueSoon, .formCopy, .formRevoked, .guardianConfirmation, .requestPackage:
            return .dropped("handled above")
        case .reconsentReminder, .choicesChanged:
            guard contact.confirmed else { return .dropped("address not confirmed") }
            guard let clear = try await directory.clearSubject(request.subject, in: request.property) else {
                return .dropped("subject erased")
            }
            let token = try links.seal(
                subject: clear, property: property.id, expires: now().addingTimeInterval(30 * 86_400).rounded)
            link = "\(publicURL)/p/\(property.id.rawValue)/preferences?link=\(token)" + (request.locale.map { "&locale=\($0)" } ?? "")
            if request.kind == .choicesChanged {
                let state = try await log.states(of: [request.subject], in: request.property)[request.subject]
                statuses = state?.purposes.mapValues(\.choice) ?? [:]
            }
        }
        let letter = MailLetter.make(request, property: property, link: link, statuses: statuses)
        let message = renderer.message(letter, from: from, to: email)
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<8).map { _ in generator.next() as UInt8 }.hexString
        try await transport.send(message.rendered(date: now(), messageID: messageID, boundarySeed: seed))
        return .sent
    }
}

extension Date {
    /// Whole seconds, as links carry them.
    fileprivate var rounded: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
