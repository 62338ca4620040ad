import AccordCore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// `MailTransport` over SMTP (RFC 5321) on SwiftNIO: one connection per message, EHLO, STARTTLS or implicit TLS,
/// AUTH PLAIN or LOGIN, MAIL / RCPT / DATA with dot-stuffing, QUIT. Every step has a timeout. Failures come out
/// as `MailDeliveryError` naming the step and the reply code only: the server's text can echo addresses.
public struct SMTPTransport: MailTransport {
    public let settings: SMTPSettings
    private let group: any EventLoopGroup

    /// A transport on `group` (NIO's shared one by default).
    public init(settings: SMTPSettings, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.settings = settings
        self.group = group
    }

    public func send(_ envelope: MailEnvelope) async throws {
        let channel: any Channel
        do {
            channel = try await connect()
        } catch let error as MailDeliveryError {
            throw error
        } catch {
            throw MailDeliveryError.temporary("cannot connect to \(settings.host):\(settings.port) (\(Self.kind(of: error)))")
        }
        do {
            try await converse(on: channel, envelope)
            channel.close(promise: nil)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    private func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let roots = settings.trustRoots { configuration.trustRoots = roots }
        return try NIOSSLContext(configuration: configuration)
    }

    /// SNI and certificate checks need a name; an IP literal is sent as none.
    private var serverHostname: String? {
        settings.host.contains(":") || settings.host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : settings.host
    }

    private func connect() async throws -> any Channel {
        let implicit = settings.security == .tls ? try tlsContext() : nil
        let hostname = serverHostname
        let timeout = settings.timeout
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicit {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: implicit, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPResponseDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPClientHandler(timeout: timeout))
                }
            }
        return try await bootstrap.connect(host: settings.host, port: settings.port).get()
    }

    private func converse(on channel: any Channel, _ envelope: MailEnvelope) async throws {
        try await expect(220, from: try await exchange(nil, on: channel), step: "greeting")
        var hello = try await exchange("EHLO \(settings.heloName)", on: channel)
        try await expect(250, from: hello, step: "EHLO")
        if settings.security == .starttls {
            guard hello.extensions.contains("STARTTLS") else {
                throw MailDeliveryError.permanent("the server does not offer STARTTLS (set mail.smtp.security)")
            }
            try await expect(220, from: try await exchange("STARTTLS", on: channel), step: "STARTTLS")
            let context = try tlsContext()
            let hostname = serverHostname
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(
                    NIOSSLClientHandler(context: context, serverHostname: hostname), position: .first)
            }.get()
            hello = try await exchange("EHLO \(settings.heloName)", on: channel)
            try await expect(250, from: hello, step: "EHLO after STARTTLS")
        }
        if let username = settings.username {
            try await authenticate(username, settings.password ?? "", mechanisms: hello.authMechanisms, on: channel)
        }
        try await expect(250, from: try await exchange("MAIL FROM:<\(envelope.from)>", on: channel), step: "MAIL FROM")
        for recipient in envelope.recipients {
            let reply = try await exchange("RCPT TO:<\(recipient)>", on: channel)
            guard reply.code == 250 || reply.code == 251 else { throw Self.failure(reply, step: "RCPT TO") }
        }
        try await expect(354, from: try await exchange("DATA", on: channel), step: "DATA")
        var payload = channel.allocator.buffer(capacity: envelope.data.count + 64)
        payload.writeBytes(MailEncoding.dotStuffed(envelope.data))
        try await expect(250, from: try await exchange(raw: payload, on: channel), step: "end of data")
        // The message is accepted; a failing QUIT changes nothing.
        _ = try? await exchange("QUIT", on: channel)
    }

    private func authenticate(_ username: String, _ password: String, mechanisms: Set<String>, on channel: any Channel)
        async throws
    {
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await expect(235, from: try await exchange("AUTH PLAIN \(token)", on: channel), step: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try await expect(334, from: try await exchange("AUTH LOGIN", on: channel), step: "AUTH LOGIN")
            try await expect(
                334, from: try await exchange(Data(username.utf8).base64EncodedString(), on: channel), step: "AUTH LOGIN user")
            try await expect(
                235, from: try await exchange(Data(password.utf8).base64EncodedString(), on: channel), step: "AUTH LOGIN password")
        } else {
            throw MailDeliveryError.permanent("the server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    private func exchange(_ command: String?, on channel: any Channel) async throws -> SMTPResponse {
        try await exchange(raw: command.map { ByteBuffer(string: $0 + "\r\n") }, on: channel)
    }

    private func exchange(raw bytes: ByteBuffer?, on channel: any Channel) async throws -> SMTPResponse {
        let promise = channel.eventLoop.makePromise(of: SMTPResponse.self)
        do {
            try await channel.writeAndFlush(SMTPRequest(bytes: bytes, promise: promise))
            return try await promise.futureResult.get()
        } catch let error as MailDeliveryError {
            throw error
        } catch {
            // Whatever happened to the write, the promise must not be left behind.
            promise.fail(error)
            throw MailDeliveryError.temporary("connection to \(settings.host) failed (\(Self.kind(of: error)))")
        }
    }

    private func expect(_ code: Int, from reply: SMTPResponse, step: String) async throws {
        guard reply.code == code else { throw Self.failure(reply, step: step) }
    }

    /// 4xx is worth a retry; 5xx is not, except that a failed AUTH is a configuration matter, also permanent.
    private static func failure(_ reply: SMTPResponse, step: String) -> MailDeliveryError {
        let reason = "\(step) answered \(reply.code)"
        return (400..<500).contains(reply.code) ? .temporary(reason) : .permanent(reason)
    }

    /// A word for an error that carries no data of the message: the type and, for NIO's, its description.
    private static func kind(of error: any Error) -> String {
        switch error {
        case MailDeliveryFailure.timedOut: "timed out"
        case MailDeliveryFailure.connectionClosed: "connection closed"
        case MailDeliveryFailure.malformedReply: "malformed reply"
        case is ChannelError: "\(error)"
        case is NIOSSLError: "TLS: \(error)"
        case is BoringSSLError: "TLS: \(error)"
        case is IOError: "\(error)"
        default: "\(type(of: error))"
        }
    }
}
