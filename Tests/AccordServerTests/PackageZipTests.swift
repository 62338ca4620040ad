import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// Opens a ZIP the way a requester's tools do: `unzip -t` tests it, Python's `zipfile` reads every entry back.
enum RealUnzip {
    /// The entries' texts by path, read by Python's `zipfile` (after `unzip -t` and `testzip()` both accepted the
    /// archive); nil if either refused it. The bytes go to a temporary file that is removed before returning.
    static func entries(_ bytes: [UInt8]) throws -> [String: String]? {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("accord-package-\(UUID().uuidString).zip")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard try run("/usr/bin/env", ["unzip", "-t", "-qq", file.path]).status == 0 else { return nil }
        let script = """
            import json, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as archive:
                assert archive.testzip() is None
                print(json.dumps({info.filename: archive.read(info).decode("utf-8") for info in archive.infolist()}))
            """
        let (status, output) = try run("/usr/bin/env", ["python3", "-c", script, file.path])
        guard status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: output) as? [String: String]
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data) {
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, data)
    }
}

@Suite struct PackageZipTests {
    @Test func theZipOpensWithUnzipAndPythonAndHoldsEveryFileAsGiven() throws {
        let csv = String(repeating: "\"jane@example.com\",\"1\"\r\n", count: 400)
        let files: [(path: String, bytes: [UInt8])] = [
            ("files/desk/Résumé.txt", Array("naïve <b>".utf8)), ("data.json", Array(#"{"a": 1}"#.utf8)),
            ("csv/shop/customers.csv", Array(csv.utf8)), ("empty.txt", []),
        ]
        let bytes = try PackageZip.make(files, modified: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(bytes.count < csv.utf8.count / 4, "entries are deflated")
        let entries = try #require(try RealUnzip.entries(bytes), "unzip -t and zipfile accept the package")
        #expect(entries.count == 4)
        #expect(entries["files/desk/Résumé.txt"] == "naïve <b>", "a UTF-8 name and its bytes survive")
        #expect(entries["csv/shop/customers.csv"] == csv && entries["data.json"] == #"{"a": 1}"# && entries["empty.txt"] == "")
    }

    @Test func anAccessPackageListsDataReportAndForPortabilityOneCSVPerCollection() throws {
        let system = DataSystem(property: "demo", key: "shop", name: "Shop", updatedAt: Date(timeIntervalSince1970: 0))
        let part = AccessPackage.SystemPart(
            system: system,
            collections: ["customers": CollectionData(categories: ["name": [.identifiers]], rows: [["name": "Jane <script>x</script>"]])])
        var request = PrivacyRequest(
            id: "req_" + String(repeating: "a", count: 32), property: "demo", type: .portability, scope: nil, channel: .web,
            jurisdiction: "GB", law: "uk-gdpr", requester: SubjectKey(bytes: Array(repeating: 1, count: 32))!, sealed: nil,
            hasAgent: false, receivedAt: Date(timeIntervalSince1970: 0), createdAt: Date(timeIntervalSince1970: 0))
        var paths = AccessPackage.files(request: request, parts: [part], accord: nil, at: Date(timeIntervalSince1970: 0)).map(\.path)
        #expect(paths == ["data.json", "report.html", "csv/shop/customers.csv"])
        request.type = .access
        let files = AccessPackage.files(request: request, parts: [part], accord: nil, at: Date(timeIntervalSince1970: 0))
        paths = files.map(\.path)
        #expect(paths == ["data.json", "report.html"])
        let entries = try #require(try RealUnzip.entries(try PackageZip.make(files, modified: Date())))
        #expect(entries["report.html"]?.contains("Jane &lt;script&gt;x&lt;/script&gt;") == true)
        #expect(entries["report.html"]?.contains("<script>") == false)
    }
}
