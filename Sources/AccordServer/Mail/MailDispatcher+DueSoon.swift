import AccordCore
import Foundation

extension MailDispatcher {
    /// The due-soon reminder to the privacy team (`RequestLetters.dueSoon`): to the assignee's address or the property's
    /// privacy contact as they are now (a reassignment made since the reminder was queued is followed), only while the
    /// request is still open. No vault read: the letter holds nothing of the requester.
    func deliverDueSoonMail(_ mail: MailRequest, property: Property, messageID: String) async throws -> Outcome {
        guard let id = mail.request, let request = try await requests.request(id, in: property.id) else {
            return .dropped("request gone")
        }
        guard request.status.isOpen else { return .dropped("request closed meanwhile") }
        guard let address = RequestLetters.dueSoonRecipient(of: request, property: property) else {
            return .dropped("no assignee address and no privacy contact")
        }
        let link = "\(publicURL)/console/requests/\(property.id.rawValue)/\(request.id)"
        let letter = RequestLetters.dueSoon(request, property: property, now: now(), link: link)
        let message = renderer.message(letter, from: from, to: address)
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<8).map { _ in generator.next() as UInt8 }.hexString
        try await transport.send(message.rendered(date: now(), messageID: messageID, boundarySeed: seed))
        return .sent
    }
}
