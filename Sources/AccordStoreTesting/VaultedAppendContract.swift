import AccordCore
import Foundation
import Testing

/// One check of the vaulted-append contract.
public struct VaultedAppendCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore & VaultedConsentLog) async throws -> Void
    public var testDescription: String { name }
}

/// What a store that is its own subject vault does with the vault entries group commit hands it with a batch:
/// stores them with the batch's events, and, where the store has transactions, not at all when the batch fails.
public enum VaultedAppendContract {
    /// Run on every backend.
    public static let cases: [VaultedAppendCase] =
        [
            VaultedAppendCase(name: "aWritesVaultEntryIsStoredWithItsEvent") { store in
                let fixture = try await ContractFixture.make(in: store)
                let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))
                let committer = GroupCommitter(store: store)
                #expect(committer.storesVaultEntries)
                let subject = fixture.newSubject()
                let entry = try cipher.entry(for: "customer-1", subject: subject, in: fixture.property.id, at: fixture.start)
                let result = try await committer.submit(fixture.event(subject, ["analytics": .granted]), vaultEntry: entry)
                #expect(result.stored != nil)
                let stored = try #require(try await store.vaultEntry(of: subject, in: fixture.property.id))
                #expect(try cipher.identity(of: stored) == "customer-1")
                // A second write of the subject keeps the first entry (upsert-if-absent), as `insertVaultEntries` does.
                let again = try cipher.entry(for: "customer-1", subject: subject, in: fixture.property.id, at: fixture.start)
                _ = try await committer.submit(fixture.event(subject, ["analytics": .denied], offset: 1), vaultEntry: again)
                #expect(try await store.vaultEntry(of: subject, in: fixture.property.id) == stored)
                #expect(try await store.states(of: [subject], in: fixture.property.id)[subject]?.purposes["analytics"]?.choice == .denied)
            }
        ] + followUps + contacts

    /// Run on the backends with transactions (SQLite, PostgreSQL): a batch that cannot be stored stores no entry.
    public static let transactionalCases: [VaultedAppendCase] =
        [
            VaultedAppendCase(name: "aBatchThatFailsLeavesNoVaultEntry") { store in
                let fixture = try await ContractFixture.make(in: store)
                let cipher = SubjectVaultCipher(secret: Array(repeating: 3, count: 32))
                let first = fixture.event(fixture.newSubject(), ["analytics": .granted])
                _ = try await store.append([first])
                // Another subject's event reusing the stored event's id: the insert fails, the transaction rolls back.
                let subject = fixture.newSubject()
                var clash = fixture.event(subject, ["analytics": .granted], offset: 1)
                clash.id = first.id
                let entry = try cipher.entry(for: "never-stored", subject: subject, in: fixture.property.id, at: fixture.start)
                let committer = GroupCommitter(store: store)
                await #expect(throws: (any Error).self) { try await committer.submit(clash, vaultEntry: entry) }
                #expect(try await store.vaultEntry(of: subject, in: fixture.property.id) == nil)
                #expect(try await StoreAudit.run(store).isClean)
            }
        ] + transactionalFollowUps + transactionalContacts
}
