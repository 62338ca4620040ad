import Foundation
import Testing

/// The real SMTP test server (scripts/smtp_test_server.py, aiosmtpd) for the request e-mails to the privacy team, as the
/// mail suites use it: in the Python of `ACCORD_TEST_SMTP_PYTHON` (scripts/test.sh sets it); without it the suite is
/// skipped, except under CI or `ACCORD_REQUIRE_SMTP=1`.
final class RequestSMTPSink: @unchecked Sendable {
    static let environment = ProcessInfo.processInfo.environment
    static let python = environment["ACCORD_TEST_SMTP_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
    static let shouldRun = python != nil || environment["CI"] != nil || environment["ACCORD_REQUIRE_SMTP"] == "1"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let directory: URL
    let port: Int
    private let process: Process

    init() throws {
        guard let python = Self.python else { throw Missing() }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("accord-smtp-\(UUID().uuidString)")
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.root.appendingPathComponent("scripts/smtp_test_server.py").path, "--dir", directory.path]
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

    /// The messages accepted so far: the bytes after DATA (quoted-printable soft breaks undone) and the recipients.
    func messages() throws -> [(text: String, recipients: [String])] {
        var result: [(String, [String])] = []
        var index = 1
        while let data = FileManager.default.contents(atPath: directory.appendingPathComponent("\(index).eml").path),
            let json = FileManager.default.contents(atPath: directory.appendingPathComponent("\(index).json").path)
        {
            let envelope = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
            let text = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "=\r\n", with: "")
                .replacingOccurrences(of: "=3D", with: "=")
            result.append((text, envelope["to"] as? [String] ?? []))
            index += 1
        }
        return result
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "the SMTP test server did not start (ACCORD_TEST_SMTP_PYTHON with aiosmtpd needed)" }
    }
}
