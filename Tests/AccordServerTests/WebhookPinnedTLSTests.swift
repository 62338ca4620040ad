import AccordCore
import AccordServer
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// An HTTPS receiver on 127.0.0.1 (Python's standard library, started by the test) with a certificate made for
/// `name` only: it prints its port, then one JSON line per request with the `Host` header and the TLS server name
/// (SNI) the client sent.
final class TLSReceiver {
    static let script = """
        import http.server, json, ssl, sys
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        names = []
        context.sni_callback = lambda connection, name, ctx: names.append(name)
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", "0")))
                print(json.dumps({"host": self.headers.get("host"), "sni": names[-1] if names else None}), flush=True)
                self.send_response(204)
                self.send_header("content-length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    let process = Process()
    let output = Pipe()
    let directory: URL
    let certificate: String
    private(set) var port = 0

    init(name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(name)", "-addext",
            "subjectAltName=DNS:\(name)", "-keyout", key, "-out", certificate,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let script = directory.appendingPathComponent("receiver.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, certificate, key]
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        port = Int(String(decoding: first, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Stops the receiver and returns the requests it saw.
    func stop() -> [[String: String]] {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        try? FileManager.default.removeItem(at: directory)
        return String(decoding: rest, as: UTF8.self).split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String]
        }
    }
}

/// A resolver that answers one address for every name.
struct OneAddress: HostResolver {
    let address: IPAddress
    func addresses(of host: String) async -> [IPAddress] { [address] }
}

@Suite struct WebhookPinnedTLSTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    /// Pinned to 127.0.0.1, the request still speaks TLS to `hooks.example`: the server name it sends is the URL's,
    /// the certificate (made for that name only, not for the address) is checked against it, and the `Host` header
    /// names it.
    @Test func aPinnedHTTPSDeliveryKeepsTheURLsNameForTLSAndHost() async throws {
        let receiver = try TLSReceiver(name: "hooks.example")
        let store = InMemoryConsentStore()
        let secret = WebhookSignature.newSecret()
        let endpoint = WebhookEndpoint(
            id: WebhookEndpoint.newID(), property: "demo", url: "https://hooks.example:\(receiver.port)/in", events: WebhookEventType.known,
            description: nil, status: .active, secret: Array(secret.utf8), createdAt: start, updatedAt: start)
        try await store.saveWebhookEndpoint(endpoint)
        try await store.enqueue([
            OutboxEntry(
                message: OutboxMessage(
                    id: OutboxMessage.randomID(), channel: .webhook, type: "webhook.test", property: "demo", subject: nil, payload: Array("{}".utf8),
                    createdAt: start),
                destinations: [endpoint.id])
        ])
        let transport = HTTPWebhookTransport(trustRootsFile: receiver.certificate)
        // hooks.example is listed in allowedHosts: exempt from the address rule (it resolves to loopback here), still pinned.
        let sender = WebhookSender(
            transport: transport, resolver: NoSubjectNames(), hosts: OneAddress(address: IPAddress("127.0.0.1")!),
            secrets: WebhookSecretBox(root: nil), rule: WebhookURLRule(allowedHosts: ["hooks.example"]), timeout: 5)
        let clock = ManualClock(start)
        for claim in try await store.claim(channel: .webhook, destinations: nil, now: start, lease: .seconds(60), limit: 1) {
            await sender.deliver(claim, to: endpoint, store: store, clock: clock, logger: Logger(label: "t"))
        }
        await transport.shutdown()
        let seen = receiver.stop()
        let attempt = try await store.attempts(to: endpoint.id, before: nil, limit: 1).first
        #expect(attempt?.report.statusCode == 204, "\(attempt?.report.error ?? "")")
        #expect(seen == [["host": "hooks.example:\(receiver.port)", "sni": "hooks.example"]])
    }
}
