import Foundation
import Testing

/// A real SMTP server for the tests, shared by the mail and server suites: scripts/smtp_test_server.py (aiosmtpd)
/// in the Python of `ACCORD_TEST_SMTP_PYTHON` (scripts/test.sh installs a pinned aiosmtpd into /tmp/accord-venv
/// and sets it). Without it the suites are skipped, except under CI or `ACCORD_REQUIRE_SMTP=1`, where its absence
/// fails.
public final class SMTPTestServer: @unchecked Sendable {
    static let environment = ProcessInfo.processInfo.environment
    static let python = environment["ACCORD_TEST_SMTP_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    /// Whether the SMTP suites run: the server can be started, or its absence must fail.
    public static let shouldRun = python != nil || environment["CI"] != nil || environment["ACCORD_REQUIRE_SMTP"] == "1"
    /// Why they were skipped.
    public static let skipNotice: Comment = """
        SMTP suites skipped: ACCORD_TEST_SMTP_PYTHON is not set (scripts/test.sh installs aiosmtpd and sets it; \
        CI and ACCORD_REQUIRE_SMTP=1 make this a failure)
        """

    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Where the server stores what it receives.
    public let directory: URL
    /// The loopback port it listens on.
    public let port: Int
    private let process: Process

    /// Starts the server with `arguments` (see the script) and waits for it to listen.
    public init(_ arguments: [String] = []) throws {
        guard let python = Self.python else { throw Missing() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-smtp-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.appendingPathComponent("scripts/smtp_test_server.py").path, "--dir", directory.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw Missing()
        }
        self.port = port
    }

    /// The messages stored so far, in order: the bytes after DATA and the envelope as JSON.
    public func messages() throws -> [(data: String, envelope: [String: Any])] {
        var result: [(String, [String: Any])] = []
        var index = 1
        while let data = FileManager.default.contents(atPath: directory.appendingPathComponent("\(index).eml").path),
            let json = FileManager.default.contents(atPath: directory.appendingPathComponent("\(index).json").path)
        {
            let envelope = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
            result.append((String(decoding: data, as: UTF8.self), envelope))
            index += 1
        }
        return result
    }

    /// The messages accepted so far as a reader sees them: the text (quoted-printable soft breaks and `=3D`
    /// undone) and the recipients.
    public func received() throws -> [(text: String, recipients: [String])] {
        try messages().map { data, envelope in
            (
                data.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "="),
                envelope["to"] as? [String] ?? []
            )
        }
    }

    /// Stops the server and removes what it stored.
    public func stop() {
        // SIGKILL: the test process's blocked signal mask is inherited, so SIGTERM might not be delivered.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A self-signed certificate for `localhost`, made with openssl: (certificate path, key path).
    public static func makeCertificate() throws -> (String, String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("accord-smtp-cert-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", base + ".key", "-out", base + ".pem",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Missing() }
        return (base + ".pem", base + ".key")
    }

    /// The server could not be started.
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "the SMTP test server did not start (ACCORD_TEST_SMTP_PYTHON with aiosmtpd needed)" }
    }
}
