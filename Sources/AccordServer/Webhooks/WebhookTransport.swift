import AccordCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// What one POST of a webhook gave.
public struct TransportResult: Sendable, Hashable {
    /// The answer's status, if one came.
    public var statusCode: Int?
    /// Its `Retry-After` header, if any.
    public var retryAfter: String?
    /// Why no answer came (timeout, refused connection), without personal data.
    public var error: String?

    /// A result from its parts.
    public init(statusCode: Int?, retryAfter: String? = nil, error: String? = nil) {
        self.statusCode = statusCode
        self.retryAfter = retryAfter
        self.error = error
    }
}

/// Sends one webhook request; injected so tests can stand in for the network.
public protocol WebhookTransport: Sendable {
    /// POSTs `body` to `url` with `headers`, giving up after `timeout` seconds; never follows a redirect. With an
    /// `address`, the connection goes to exactly that address (the one the sender checked), while the request
    /// keeps the URL's name in its `Host` header and in TLS (SNI and the certificate check); the name is not
    /// resolved again.
    func post(url: String, connectingTo address: IPAddress?, headers: [(String, String)], body: [UInt8], timeout: TimeInterval) async
        -> TransportResult
}

/// The real transport: async-http-client, redirects not followed, a bounded wait, the answer's body read and
/// dropped (at most 64 KiB of it). A request pinned to an address goes through a client whose `dnsOverride`
/// maps the URL's name to that address (`PinnedHTTPClients`), so async-http-client connects there without
/// resolving the name, and still sends the name as `Host` and SNI and checks the certificate against it.
public final class HTTPWebhookTransport: WebhookTransport {
    private let client: HTTPClient
    private let pinned: PinnedHTTPClients

    /// A client of its own on the shared event loop group. `trustRootsFile` (PEM) replaces the system's trusted
    /// certificate authorities; for tests, whose receivers have certificates of their own making.
    public init(trustRootsFile: String? = nil) {
        client = HTTPClient(
            eventLoopGroupProvider: .singleton, configuration: Self.configuration(dnsOverride: [:], trustRootsFile: trustRootsFile))
        pinned = PinnedHTTPClients(trustRootsFile: trustRootsFile)
    }

    /// Redirects refused, 10 s to connect and to read, idle connections closed after 30 s.
    static func configuration(dnsOverride: [String: String], trustRootsFile: String?) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        if let trustRootsFile {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(trustRootsFile)
            configuration.tlsConfiguration = tls
        }
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(10))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        configuration.dnsOverride = dnsOverride
        return configuration
    }

    public func post(url: String, connectingTo address: IPAddress?, headers: [(String, String)], body: [UInt8], timeout: TimeInterval)
        async -> TransportResult
    {
        // async-http-client looks the override up by the URL's host as Foundation reads it; an IP literal needs none.
        guard let address, let host = URL(string: url)?.host, !host.isEmpty, IPAddress(host.trimmingCharacters(in: ["[", "]"])) == nil
        else {
            return await post(url: url, headers: headers, body: body, timeout: timeout, through: client)
        }
        let pin = PinnedHTTPClients.Pin(host: host, address: address.description)
        let pinnedClient = await pinned.acquire(pin)
        let result = await post(url: url, headers: headers, body: body, timeout: timeout, through: pinnedClient)
        for idle in await pinned.release(pin) { try? await idle.shutdown() }
        return result
    }

    private func post(url: String, headers: [(String, String)], body: [UInt8], timeout: TimeInterval, through client: HTTPClient) async
        -> TransportResult
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            _ = try? await response.body.collect(upTo: 65_536)
            return TransportResult(statusCode: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
        } catch let error as HTTPClientError {
            return TransportResult(statusCode: nil, error: Self.describe(error))
        } catch {
            return TransportResult(statusCode: nil, error: "connection failed")
        }
    }

    /// Closes the connections; call once when the service stops.
    public func shutdown() async {
        try? await client.shutdown()
        for pinnedClient in await pinned.removeAll() { try? await pinnedClient.shutdown() }
    }

    private static func describe(_ error: HTTPClientError) -> String {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout: "timed out"
        case .remoteConnectionClosed: "connection closed by the endpoint"
        default: "connection failed"
        }
    }
}
