import AccordCore
import AccordStoreTesting
import Foundation
import Testing

@Suite struct TransferTests {
    /// A store with configuration history, a vendor list, events on several chains, an API key and the server
    /// secrets.
    private func populatedStore() async throws -> InMemoryConsentStore {
        let store = InMemoryConsentStore()
        let fixture = try await ContractFixture.make(in: store)
        var renamed = fixture.property
        renamed.name = "Renamed"
        try await store.saveProperty(
            renamed, audit: AuditEntry(property: renamed.id, actor: "t", action: "property.update", before: nil, after: "{}", at: fixture.start),
            replacing: fixture.property)
        let editor = ConfigurationEditor(store: store, now: { fixture.start.addingTimeInterval(1) })
        try await editor.replaceGVL(try GlobalVendorList.parse(try GlobalVendorListTests.sample), of: renamed.id, by: "t")
        let subjects = (0..<6).map { _ in fixture.newSubject() }
        for round in 0..<3 {
            _ = try await store.append(subjects.map { fixture.event($0, ["analytics": round == 1 ? .denied : .granted], offset: Double(round)) })
        }
        try await store.saveAPIKey(APIKey.generate(name: "crm", scopes: [.consentsRead], at: fixture.start).key)
        _ = try await store.secret(named: "subject-hmac-key") { Array(repeating: 7, count: 32) }
        _ = try await store.secret(named: "receipt-signing-key") { ReceiptSigner.generatePrivateKey() }
        return store
    }

    private func export(_ store: InMemoryConsentStore, secrets: Bool = true) async throws -> [String] {
        var lines: [String] = []
        _ = try await StoreExporter(store: store, includeSecrets: secrets, pageSize: 4).run(at: Date()) { lines.append($0) }
        return lines
    }

    private func importLines(_ lines: [String], into target: InMemoryConsentStore) async throws -> TransferSummary {
        try await StoreImporter.prepare(target)
        var importer = StoreImporter(store: target, batchSize: 5)
        for (index, line) in lines.enumerated() { try await importer.consume(line, number: index + 1) }
        return try await importer.finish()
    }

    @Test func exportImportExportGivesTheSameLines() async throws {
        let source = try await populatedStore()
        let lines = try await export(source)
        #expect(lines[0].hasPrefix(#"{"type":"accord-export","exportedAt":""#))
        let target = InMemoryConsentStore()
        let summary = try await importLines(lines, into: target)
        #expect(summary.events == 18)
        #expect(summary.auditEntries == 2)
        #expect(summary.vendorLists == 1)
        #expect(summary.secrets == 2)
        let again = try await export(target)
        #expect(Array(again.dropFirst()) == Array(lines.dropFirst()))
        #expect(try await target.allStates() == source.allStates())
        #expect(try await target.existingSecret(named: "subject-hmac-key") == Array(repeating: 7, count: 32))
    }

    @Test func exportWithoutSecretsHasNoSecretLines() async throws {
        let lines = try await export(try await populatedStore(), secrets: false)
        #expect(!lines.contains { $0.hasPrefix(#"{"type":"secret""#) })
    }

    @Test func changedEventIsRefusedWithItsLineNumber() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"event""#) && $0.contains("\"granted\"") })
        lines[index] = lines[index].replacingOccurrences(of: "\"granted\"", with: "\"denied\"")
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.line == index + 1)
        #expect(error?.reason.contains("hash does not match") == true)
    }

    @Test func checkingPassWritesNothing() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.lastIndex { $0.hasPrefix(#"{"type":"event""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""gpc":true"#, with: #""gpc":false"#)
        let target = InMemoryConsentStore()
        var importer = StoreImporter(store: target, checksOnly: true)
        let error = await #expect(throws: TransferError.self) {
            for (number, line) in lines.enumerated() { try await importer.consume(line, number: number + 1) }
        }
        #expect(error?.line == index + 1)
        #expect(!importer.hasWritten)
        #expect(try await target.properties().isEmpty)
    }

    @Test func missingFieldIsNamed() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"event""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""recordedAt":"#, with: #""recordedAtX":"#)
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.line == index + 1)
        #expect(error?.reason == "event: missing field 'recordedAt'")
    }

    @Test func truncatedExportIsCaught() async throws {
        var lines = try await export(try await populatedStore())
        let last = try #require(lines.lastIndex { $0.hasPrefix(#"{"type":"event""#) })
        lines.remove(at: last)
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.reason.hasPrefix("the export is incomplete") == true)
    }

    @Test func inputWithoutHeaderIsRefused() async throws {
        let lines = try await export(try await populatedStore())
        let error = await #expect(throws: TransferError.self) { try await importLines(Array(lines.dropFirst()), into: InMemoryConsentStore()) }
        #expect(error?.line == 1)
    }

    @Test func targetWithEventsIsRefused() async throws {
        let target = try await populatedStore()
        let error = await #expect(throws: TransferError.self) { try await StoreImporter.prepare(target) }
        #expect(error?.reason.hasPrefix("import needs an empty database") == true)
    }

    @Test func vendorListTravelsWithoutANewAuditEntry() async throws {
        let source = try await populatedStore()
        let property = try #require(try await source.properties().first).id
        let lines = try await export(source)
        let listLine = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"vendorList","list":{"#) })
        // After the audit trail, so the importer has read the gvl.update entry that saved the list.
        #expect(lines.lastIndex { $0.hasPrefix(#"{"type":"auditEntry""#) }! < listLine)
        #expect(lines[0].contains(#""format":\#(TransferRecord.format)"#))
        let target = InMemoryConsentStore()
        _ = try await importLines(lines, into: target)
        let moved = try #require(try await target.gvl(of: property))
        #expect(moved == (try await source.gvl(of: property)))
        #expect(moved.vendors[755]?.name == "Google Advertising Products")
        #expect(try await target.auditEntries(of: property, before: nil, limit: 10) == source.auditEntries(of: property, before: nil, limit: 10))
        #expect(try await StoreAudit.run(target).isClean)
    }

    @Test func formatOneExportWithoutVendorListsIsStillImported() async throws {
        let source = try await populatedStore()
        let property = try #require(try await source.properties().first).id
        var lines = try await export(source).filter { !$0.hasPrefix(#"{"type":"vendorList""#) }
        lines[0] = lines[0].replacingOccurrences(of: #""format":\#(TransferRecord.format)"#, with: #""format":1"#)
        let target = InMemoryConsentStore()
        let summary = try await importLines(lines, into: target)
        #expect(summary.events == 18 && summary.vendorLists == 0)
        // The audit trail says a list was saved; the command tells the user to upload it again.
        #expect(summary.vendorListsNotCarried == [property])
        #expect(try await target.gvl(of: property) == nil)
    }

    @Test func formatTwoExportWithoutItsVendorListIsIncomplete() async throws {
        let lines = try await export(try await populatedStore()).filter { !$0.hasPrefix(#"{"type":"vendorList""#) }
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.reason.hasPrefix("the export is incomplete: the audit trail of property") == true)
    }

    @Test func vendorListOtherThanTheAuditedOneIsRefusedWithItsLineNumber() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"vendorList""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""vendorListVersion":120"#, with: #""vendorListVersion":119"#)
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.line == index + 1)
        #expect(error?.reason.hasSuffix("is version 119, but its last gvl.update audit entry saved version 120") == true)
    }

    @Test func vendorListIsCheckedLikeAnUpload() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"vendorList""#) })
        lines[index] = lines[index].replacingOccurrences(of: #""gvlSpecificationVersion":3"#, with: #""gvlSpecificationVersion":2"#)
        let error = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(error?.line == index + 1)
        #expect(error?.reason.hasPrefix("vendorList: gvlSpecificationVersion 2 must be 3") == true)
    }

    @Test func vendorListInAFormatOneExportAndUnknownFormatsAreRefused() async throws {
        var lines = try await export(try await populatedStore())
        let index = try #require(lines.firstIndex { $0.hasPrefix(#"{"type":"vendorList""#) })
        lines[0] = lines[0].replacingOccurrences(of: #""format":\#(TransferRecord.format)"#, with: #""format":1"#)
        let old = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(old?.line == index + 1)
        let next = TransferRecord.format + 1
        lines[0] = lines[0].replacingOccurrences(of: #""format":1"#, with: #""format":\#(next)"#)
        let future = await #expect(throws: TransferError.self) { try await importLines(lines, into: InMemoryConsentStore()) }
        #expect(future?.line == 1)
        #expect(future?.reason == "export format \(next) is not supported (this accord reads formats 1 to \(TransferRecord.format))")
    }
}
