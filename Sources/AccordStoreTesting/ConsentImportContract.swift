import AccordCore
import Foundation
import Testing

/// The behaviour of importing consents (`ConsentImporter`) on every store: the same file twice stores nothing
/// new, bad rows are rejected with their lines while the rest is stored, and an old row never overrides a newer choice.
public enum ConsentImportContract {
    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "importingTheSameFileTwiceStoresNothingNew") { store in
            let fixture = try await ContractFixture.make(in: store)
            let file = goodRows(count: 60, prefix: UUID().uuidString)
            let first = try await run(file, into: fixture)
            #expect(first.summary.stored == 60 && first.summary.rejected == 0 && first.rejections.isEmpty)
            let heads = try await store.chainHeads()
            let second = try await run(file, into: fixture)
            #expect(second.summary.stored == 0 && second.summary.duplicates == 60 && second.summary.rows == 60)
            #expect(try await store.chainHeads() == heads)
            #expect(try await StoreAudit.run(store).isClean)
            let before = try await store.allStates()
            try await store.rebuildStates()
            #expect(try await store.allStates() == before)
        },
        ContractCase(name: "badRowsAreRejectedWithTheirLinesAndTheRestIsStored") { store in
            let fixture = try await ContractFixture.make(in: store)
            let prefix = UUID().uuidString
            var lines = goodRows(count: 20, prefix: prefix).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[3] = "\(prefix)-x,analytics,granted,2025-01-0x"  // line 4: a date that is not one
            lines[6] = "\(prefix)-y,astrology,granted,2025-01-02"  // line 7: an unknown purpose
            lines[9] = "\(prefix)-z,analytics,maybe,2025-01-02"  // line 10: an unknown status
            lines[12] = "\"\(prefix)-q\"x,analytics,granted,2025-01-02"  // line 13: text after a closing quote
            lines[15] = ",analytics,granted,2025-01-02"  // line 16: no subject
            let outcome = try await run(lines.joined(separator: "\n"), into: fixture)
            #expect(outcome.summary.rows == 20 && outcome.summary.stored == 15 && outcome.summary.rejected == 5)
            #expect(outcome.rejections.map(\.line) == [4, 7, 10, 13, 16])
            #expect(outcome.rejections[1].reason.contains("astrology"))
            #expect(outcome.rejections[2].reason.hasPrefix("status"))
            #expect(try await StoreAudit.run(store).isClean)
        },
        ContractCase(name: "anImportedRowOlderThanARecordedChoiceDoesNotOverrideIt") { store in
            let fixture = try await ContractFixture.make(in: store)
            let pseudonymizer = SubjectPseudonymizer(secret: secret)
            let subject = "old-\(UUID().uuidString)@example.com"
            let key = pseudonymizer.key(for: subject, in: fixture.property.id)
            // Recorded now (the fixture's start, 2026): analytics denied.
            _ = try await store.append([fixture.event(key, ["analytics": .denied])])
            let file = "subject,purpose,status,date\n\(subject),analytics,granted,2024-05-01\n\(subject),marketing,granted,2024-05-01\n"
            let outcome = try await run(file, into: fixture)
            #expect(outcome.summary.stored == 1 && outcome.summary.superseded == 1)
            let state = try await store.states(of: [key], in: fixture.property.id)[key]
            #expect(state?.purposes["analytics"]?.choice == .denied)
            #expect(state?.purposes["marketing"]?.choice == .granted)
            let imported = try await store.events(of: key, in: fixture.property.id, before: nil, limit: 1).first?.event
            #expect(imported?.source == .import)
            #expect(imported?.recordedAt == Date(rfc3339: "2024-05-01T00:00:00Z"))
            #expect(imported?.idempotencyKey?.hasPrefix("import-") == true)
        },
        ContractCase(name: "anImportedEventKeepsTheOriginalSourceAndVersionTextAndItsSubjectIsInTheVault") { store in
            let fixture = try await ContractFixture.make(in: store)
            var mapping = ImportMapping(subject: "subject", date: "date", purpose: "purpose", status: "status")
            mapping.source = "collected_by"
            mapping.version = "wording"
            let subject = "vaulted-\(UUID().uuidString)@example.com"
            let wording = "I agree to \"analytics\", v3 (2024)"
            let file =
                "subject,purpose,status,date,collected_by,wording\n\(subject),analytics,yes,2024-06-01,call-centre,\"I agree to \"\"analytics\"\", v3 (2024)\"\n"
            let outcome = try await run(file, into: fixture, mapping: mapping)
            #expect(outcome.summary.stored == 1 && outcome.rejections.isEmpty)
            let key = SubjectPseudonymizer(secret: secret).key(for: subject, in: fixture.property.id)
            let event = try await store.events(of: key, in: fixture.property.id, before: nil, limit: 1).first?.event
            #expect(event?.source == .import)
            #expect(event?.origin == EventOrigin(importedSource: "call-centre", importedVersion: wording))
            // The clear id is in the vault, sealed, and nowhere in the event (the idempotency key hashes the keyed id).
            let entry = try await store.vaultEntry(of: key, in: fixture.property.id)
            #expect(try entry.map(cipher.identity(of:)) == ConsentEventBuilder.validateSubject(subject), "normalised as live writes'")
            let stored = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
            #expect(!stored.contains("vaulted-"))
            #expect(
                event?.idempotencyKey
                    == ConsentImporter.idempotencyKey(
                        ImportPlan.Row(
                            line: 2, subject: subject, choices: ["analytics": .granted], date: Date(rfc3339: "2024-06-01T00:00:00Z")!,
                            source: "call-centre", version: wording), subject: key, property: fixture.property.id))
            #expect(try await StoreAudit.run(store).isClean)
            // A second import finds the entry there and keeps it (its data key), storing nothing new.
            let again = try await run(file, into: fixture, mapping: mapping)
            #expect(again.summary.stored == 0 && again.summary.duplicates == 1)
            #expect(try await store.vaultEntry(of: key, in: fixture.property.id)?.keyID == entry?.keyID)
        },
    ]

    static let secret = [UInt8](repeating: 7, count: 32)

    /// A CSV of `count` good rows (after the header), alternating purposes and statuses.
    static func goodRows(count: Int, prefix: String) -> String {
        var text = "subject,purpose,status,date\n"
        for index in 0..<count {
            let purpose = index % 2 == 0 ? "analytics" : "marketing"
            text += "\(prefix)-\(index),\(purpose),\(index % 3 == 0 ? "no" : "yes"),2025-01-\(String(format: "%02d", index % 28 + 1))T10:00:00Z\n"
        }
        return text
    }

    /// The vault the contract's imports keep subjects in: the store itself, as the server's.
    static let cipher = SubjectVaultCipher(secret: [UInt8](repeating: 8, count: 32))

    /// Imports `text` (CSV, long shape unless `mapping`) in chunks of 7 bytes, so records cross chunk boundaries.
    static func run(_ text: String, into fixture: ContractFixture, mapping: ImportMapping? = nil) async throws
        -> (summary: ConsentImportSummary, rejections: [ImportRejection])
    {
        let plan = try ImportPlan(
            mapping ?? ImportMapping(subject: "subject", date: "date", purpose: "purpose", status: "status"), policy: fixture.policy)
        let vault = ImportVault(store: fixture.store, cipher: cipher)
        final class Rejections { var list: [ImportRejection] = [] }
        let rejections = Rejections()
        let importer = ConsentImporter(
            plan: plan, property: fixture.property, policy: fixture.policy, log: fixture.store, vault: vault,
            pseudonymizer: SubjectPseudonymizer(secret: secret), onReject: { rejections.list.append($0) })
        var reader = CSVRecordReader()
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            try await importer.add(reader.read(bytes[index..<min(index + 7, bytes.count)]))
            index += 7
        }
        try await importer.add(reader.finish())
        return (try await importer.finish(), rejections.list)
    }
}
