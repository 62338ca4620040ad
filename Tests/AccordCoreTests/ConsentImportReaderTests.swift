import AccordCore
import Foundation
import Testing

/// Reading import files: CSV by RFC 4180 in chunks of any size, JSON lines, and mappings checked before anything is read.
@Suite struct ConsentImportReaderTests {
    func read(_ text: String, chunk: Int) -> [CSVRecordReader.Output] {
        var reader = CSVRecordReader()
        var out: [CSVRecordReader.Output] = []
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            out += reader.read(bytes[index..<min(index + chunk, bytes.count)])
            index += chunk
        }
        return out + reader.finish()
    }

    @Test(arguments: [1, 2, 5, 4096])
    func csvQuotesLineBreaksAndCRLFAreReadAlikeAtAnyChunkSize(_ chunk: Int) throws {
        let text = "id,note,ok\r\n1,\"a, \"\"quoted\"\"\nline\",yes\r\n\r\n2,plain,no\n3,\"\",1"
        let out = read(text, chunk: chunk)
        #expect(out.count == 3)
        guard case .record(let first) = out[0], case .record(let second) = out[1], case .record(let third) = out[2] else {
            Issue.record("expected three records: \(out)")
            return
        }
        #expect(first.line == 2 && first.values["note"] == .text("a, \"quoted\"\nline") && first.values["ok"] == .text("yes"))
        #expect(second.line == 5 && second.values["id"] == .text("2"))
        #expect(third.line == 6 && third.values["note"] == .text("") && third.values["ok"] == .text("1"))
    }

    @Test func malformedCSVLinesAreRejectedWithTheirLinesAndReadingGoesOn() {
        let out = read("a,b\n1,2\n1,2,3\nx\"y,2\n\"q\"z,2\n5,6\n\"open,7", chunk: 3)
        let lines: [String] = out.map {
            switch $0 {
            case .record(let record): "ok \(record.line)"
            case .rejected(let rejection): "bad \(rejection.line)"
            }
        }
        #expect(lines == ["ok 2", "bad 3", "bad 4", "bad 5", "ok 6", "bad 7"])
    }

    @Test func jsonLinesFlattenObjectsAndKeepListsOfObjects() {
        var reader = JSONLinesRecordReader()
        let text = #"{"user":{"id":"u1","n":3},"ok":true,"consents":{"purposes":[{"id":"p","enabled":false}]}}"# + "\n\nnot json\n"
        let out = reader.read(Array(text.utf8)) + reader.finish()
        #expect(out.count == 2)
        guard case .record(let record) = out[0], case .rejected(let rejection) = out[1] else {
            Issue.record("unexpected \(out)")
            return
        }
        #expect(record.values["user.id"] == .text("u1") && record.values["user.n"] == .text("3") && record.values["ok"] == .text("true"))
        #expect(record.values["consents.purposes"] == .list([["id": .text("p"), "enabled": .text("false")]]))
        #expect(rejection.line == 3)
    }

    let policy = PolicyVersion.initial(of: DemoProperty.make(), at: Date(timeIntervalSince1970: 1_700_000_000))

    @Test func aMappingNamingAnUnknownPurposeIsRefusedBeforeAnyRow() {
        var mapping = ImportMapping(subject: "s", date: "d", purpose: "p", status: "st")
        mapping.purposes = ["C0002": "astrology"]
        do {
            _ = try ImportPlan(mapping, policy: policy)
            Issue.record("accepted an unknown purpose")
        } catch {
            #expect(error.field == "purposes.C0002")
        }
        var twoShapes = ImportMapping(subject: "s", date: "d", purpose: "p", status: "st")
        twoShapes.columns = ["analytics": "A"]
        #expect(throws: ConfigurationError.self) { try ImportPlan(twoShapes, policy: policy) }
    }

    @Test func acceptedCategoriesGrantWhatIsListedAndDenyTheRest() throws {
        var mapping = ImportMapping(subject: "id", date: "when")
        mapping.accepted = .init(column: "cookie", separator: ",")
        mapping.purposes = ["2": "analytics", "3": "marketing"]
        mapping.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let plan = try ImportPlan(mapping, policy: policy)
        let record = ImportRecord(line: 2, values: ["id": .text("v1"), "when": .text("2024-03-01 12:30:00"), "cookie": .text("2")])
        let row = try plan.read(record).get()
        #expect(row.choices == ["analytics": .granted, "marketing": .denied])
        #expect(row.date == Date(rfc3339: "2024-03-01T12:30:00Z"))
        let unknown = ImportRecord(line: 3, values: ["id": .text("v1"), "when": .text("2024-03-01 12:30:00"), "cookie": .text("9")])
        guard case .failure(let rejection) = plan.read(unknown) else {
            Issue.record("accepted an unknown category")
            return
        }
        #expect(rejection.line == 3 && rejection.reason.contains("'9'"))
    }

    @Test func aListOfPurposeObjectsBecomesTheRowsChoices() throws {
        var mapping = ImportMapping(subject: "organization_user_id", date: "updated_at")
        mapping.format = .jsonl
        mapping.list = .init(path: "consents.purposes", id: "id", status: "enabled")
        mapping.purposes = ["measure": "analytics"]
        let plan = try ImportPlan(mapping, policy: policy)
        let record = ImportRecord(
            line: 1,
            values: [
                "organization_user_id": .text("a@example.com"), "updated_at": .text("2023-02-03T04:05:06.789Z"),
                "consents.purposes": .list([
                    ["id": .text("measure"), "enabled": .text("true")], ["id": .text("marketing"), "enabled": .text("false")],
                ]),
            ])
        let row = try plan.read(record).get()
        #expect(row.choices == ["analytics": .granted, "marketing": .denied])
        #expect(row.subject == "a@example.com")
    }
}
