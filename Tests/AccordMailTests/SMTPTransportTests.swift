import AccordCore
import AccordMail
import AccordStoreTesting
import Foundation
import NIOCore
import NIOSSL
import Testing

@Suite(.enabled(if: SMTPTestServer.shouldRun, SMTPTestServer.skipNotice), .serialized)
struct SMTPTransportTests {
    static let message = MailMessage(
        from: "noreply@accord.example", fromName: "Café Müller", to: "anna@example.com",
        subject: "Bitte bestätigen Sie Ihre Adresse für Café Müller – ein langer Betreff mit Umlauten äöü",
        text: "Hallo,\n.a line starting with a dot\n..two dots\n.\nLink: https://accord.example/p/x/contact/confirm?token=abc\n"
            + String(repeating: "long line ", count: 20),
        html: "<p>Hallo, bitte <a href=\"https://accord.example/p/x/contact/confirm?token=abc\">bestätigen</a>.</p>\n.dot",
        language: "de")

    func send(_ settings: SMTPSettings) async throws {
        try await SMTPTransport(settings: settings).send(
            Self.message.rendered(date: Date(timeIntervalSince1970: 1_796_000_000), messageID: "m1@accord.example", boundarySeed: "0123abcd"))
    }

    @Test func deliversBothPartsHeadersAndDotLinesOverPlainSMTPWithAuthPlain() async throws {
        let server = try SMTPTestServer(["--auth", "user:secret"])
        defer { server.stop() }
        try await send(SMTPSettings(host: "127.0.0.1", port: server.port, security: .none, username: "user", password: "secret"))
        let stored = try server.messages()
        try #require(stored.count == 1)
        #expect(stored[0].envelope["from"] as? String == "noreply@accord.example")
        #expect(stored[0].envelope["to"] as? [String] == ["anna@example.com"])
        #expect(stored[0].envelope["authenticated"] as? Bool == true)
        let delivered = DeliveredMessage(stored[0].data)
        #expect(delivered.headers["mime-version"] == "1.0")
        #expect(delivered.headers["message-id"] == "<m1@accord.example>")
        #expect(delivered.headers["date"] == "Mon, 30 Nov 2026 00:53:20 +0000")
        #expect(delivered.headers["to"] == "<anna@example.com>")
        #expect(DeliveredMessage.decodeHeader(delivered.headers["subject"] ?? "") == Self.message.subject)
        #expect(DeliveredMessage.decodeHeader(delivered.headers["from"] ?? "").hasPrefix("Café Müller"))
        #expect(delivered.parts["text/plain"] == Self.message.text)
        #expect(delivered.parts["text/html"] == Self.message.html)
        // Every line within the limit of RFC 5322.
        #expect(stored[0].data.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func startTLSWithAuthLoginWhenPlainIsNotOffered() async throws {
        let (certificate, key) = try SMTPTestServer.makeCertificate()
        let server = try SMTPTestServer(["--security", "starttls", "--cert", certificate, "--key", key, "--auth", "user:secret", "--only-login"])
        defer { server.stop() }
        try await send(
            SMTPSettings(
                host: "localhost", port: server.port, security: .starttls, username: "user", password: "secret",
                trustRoots: .file(certificate)))
        let stored = try server.messages()
        try #require(stored.count == 1)
        #expect(stored[0].envelope["tls"] as? Bool == true)
        #expect(stored[0].envelope["authenticated"] as? Bool == true)
    }

    @Test func implicitTLS() async throws {
        let (certificate, key) = try SMTPTestServer.makeCertificate()
        let server = try SMTPTestServer(["--security", "tls", "--cert", certificate, "--key", key])
        defer { server.stop() }
        try await send(SMTPSettings(host: "localhost", port: server.port, security: .tls, trustRoots: .file(certificate)))
        let stored = try server.messages()
        #expect(stored.count == 1)
        #expect(stored.first?.envelope["tls"] as? Bool == true)
    }

    @Test func untrustedCertificateIsRefused() async throws {
        let (certificate, key) = try SMTPTestServer.makeCertificate()
        let server = try SMTPTestServer(["--security", "tls", "--cert", certificate, "--key", key])
        defer { server.stop() }
        await #expect(throws: MailDeliveryError.self) {
            try await send(SMTPSettings(host: "localhost", port: server.port, security: .tls, timeout: .seconds(5)))
        }
        #expect(try server.messages().isEmpty)
    }

    @Test func startTLSRequiredButNotOfferedIsPermanent() async throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        await #expect(throws: MailDeliveryError.permanent("the server does not offer STARTTLS (set mail.smtp.security)")) {
            try await send(SMTPSettings(host: "127.0.0.1", port: server.port, security: .starttls))
        }
    }

    @Test func wrongPasswordIsPermanentAndNamesNoSecret() async throws {
        let server = try SMTPTestServer(["--auth", "user:secret"])
        defer { server.stop() }
        do {
            try await send(SMTPSettings(host: "127.0.0.1", port: server.port, security: .none, username: "user", password: "wrong"))
            Issue.record("sent with a wrong password")
        } catch let error as MailDeliveryError {
            #expect(!error.isTemporary)
            #expect(error.description == "permanent mail failure: AUTH PLAIN answered 535")
        }
    }

    @Test func temporaryRefusalIsTemporaryAndTheRetrySucceeds() async throws {
        let server = try SMTPTestServer(["--reject-first", "1"])
        defer { server.stop() }
        let settings = SMTPSettings(host: "127.0.0.1", port: server.port, security: .none)
        await #expect(throws: MailDeliveryError.temporary("end of data answered 451")) { try await send(settings) }
        try await send(settings)
        #expect(try server.messages().count == 1)
    }

    @Test func unreachableServerIsTemporary() async throws {
        let server = try SMTPTestServer()
        let port = server.port
        server.stop()
        do {
            try await send(SMTPSettings(host: "127.0.0.1", port: port, security: .none, timeout: .seconds(5)))
            Issue.record("sent to a closed port")
        } catch let error as MailDeliveryError {
            #expect(error.isTemporary)
            #expect(error.description.contains("cannot connect to 127.0.0.1:\(port)"))
        }
    }

    @Test func silentServerTimesOut() async throws {
        let server = try SMTPTestServer(["--silent"])
        defer { server.stop() }
        do {
            try await send(SMTPSettings(host: "127.0.0.1", port: server.port, security: .none, timeout: .milliseconds(500)))
            Issue.record("a server that never greets accepted mail")
        } catch let error as MailDeliveryError {
            #expect(error == .temporary("connection to 127.0.0.1 failed (timed out)"))
        }
    }
}
