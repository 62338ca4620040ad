import AccordCore
import Foundation

extension MailDispatcher {
    /// An e-mail about a data-subject request, to the address the request was made with: the requester's subject id
    /// in the vault, read now, so a requester erased meanwhile gets nothing. The code is opened from its sealed copy.
    func deliverRequestMail(_ mail: MailRequest, property: Property, messageID: String) async throws -> Outcome {
        guard let id = mail.request, let request = try await requests.request(id, in: property.id) else {
            return .dropped("request gone")
        }
        // A completed deletion's closing e-mail reads the address kept for it alone (`RequestNotice`), shredded once sent.
        let notice = mail.kind == .requestClosed ? RequestNotice.key(for: request.id, in: property.id) : nil
        var address = try await directory.clearSubject(mail.subject, in: property.id)
        if address == nil, let notice { address = try await directory.clearSubject(notice, in: property.id) }
        guard let address else {
            return .dropped("requester erased")
        }
        var code: String?
        if let sealed = mail.sealedCode {
            guard let bytes = try await directory.openCopy(sealed, for: mail.subject, in: property.id) else {
                return .dropped("requester erased")
            }
            code = String(decoding: bytes, as: UTF8.self)
        }
        var link = "\(publicURL)/p/\(property.id.rawValue)/requests/\(request.id)"
        if mail.kind == .requestPackage {
            // The code is the package link's token: the link is the letter's action, and the token is not repeated.
            guard let token = code else { return .dropped("the package link's token is missing") }
            link = "\(publicURL)/v1/packages/\(token)"
            code = nil
        }
        var letter = RequestLetters.make(mail.kind, request: request, property: property, code: code, link: link)
        if mail.kind == .requestPackage, let expires = mail.expiresAt {
            letter.paragraphs.append(RequestLetters.packageExpiry(expires, in: property))
        }
        let message = renderer.message(letter, from: from, to: address)
        var generator = SystemRandomNumberGenerator()
        let seed = (0..<8).map { _ in generator.next() as UInt8 }.hexString
        try await transport.send(message.rendered(date: now(), messageID: messageID, boundarySeed: seed))
        if let notice { try await directory.shred(notice, in: property.id) }
        return .sent
    }
}

extension MailDispatcher {
    /// A request e-mail given up on (dead-lettered: its retries spent, refused for good, or dropped) no longer needs
    /// an address kept for it alone: a closing e-mail's `RequestNotice` entry is shredded then too, as it is once
    /// sent, so the requester's address never outlives the message it was kept for. Other kinds keep nothing.
    func forgetKeptAddress(of mail: MailRequest) async throws {
        guard mail.kind == .requestClosed, let id = mail.request else { return }
        _ = try await directory.shred(RequestNotice.key(for: id, in: mail.property), in: mail.property)
    }
}
