import AccordCore
import Foundation
import Testing

/// One check of the subject-vault contract.
public struct VaultContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// What every store's subject vault must do: keep the first entry per subject, replace contacts only under the
/// data key they were sealed with, and forget the data key on shredding so that nothing sealed under it opens
/// again, while the consent chains still verify.
public enum SubjectVaultContract {
    static func makeDirectory(_ store: any ConsentStore, secret: [UInt8] = Array(repeating: 7, count: 32)) -> SubjectDirectory {
        SubjectDirectory(vault: store, cipher: SubjectVaultCipher(secret: secret))
    }

    public static let cases: [VaultContractCase] = [
        VaultContractCase(name: "firstEntryForASubjectIsKept") { store in
            let fixture = try await ContractFixture.make(in: store)
            let cipher = SubjectVaultCipher(secret: Array(repeating: 1, count: 32))
            let subject = fixture.newSubject()
            let first = try cipher.entry(for: "first@example.com", subject: subject, in: fixture.property.id, at: fixture.start)
            let second = try cipher.entry(for: "second@example.com", subject: subject, in: fixture.property.id, at: fixture.start)
            try await store.insertVaultEntries([first, second])
            try await store.insertVaultEntries([second])
            let stored = try #require(try await store.vaultEntry(of: subject, in: fixture.property.id))
            #expect(stored == first)
            #expect(try cipher.identity(of: stored) == "first@example.com")
            #expect(try await store.vaultEntry(of: fixture.newSubject(), in: fixture.property.id) == nil)
        },
        VaultContractCase(name: "clearIdIsStoredEncryptedAndReadBack") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectVaultContract.makeDirectory(store)
            let subject = fixture.newSubject()
            try await directory.remember("customer-4711", as: subject, in: fixture.property.id, at: fixture.start)
            try await directory.remember("customer-4711", as: subject, in: fixture.property.id, at: fixture.start)
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == "customer-4711")
            #expect(try await directory.clearSubject(subject, in: PropertyID(rawValue: "elsewhere")) == nil)
            let entry = try #require(try await store.vaultEntry(of: subject, in: fixture.property.id))
            #expect(!SubjectVaultContract.contains(entry.identity, "customer-4711"))
            #expect(!SubjectVaultContract.contains(entry.wrappedKey + entry.identity, "customer"))
            // Another server key opens nothing.
            #expect(
                try await SubjectVaultContract.makeDirectory(store, secret: Array(repeating: 9, count: 32)).clearSubject(
                    subject, in: fixture.property.id) == nil)
        },
        VaultContractCase(name: "concurrentWritersAgreeOnOneEntry") { store in
            let fixture = try await ContractFixture.make(in: store)
            let subject = fixture.newSubject()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 {
                    // A directory each, as several instances would have.
                    let directory = SubjectVaultContract.makeDirectory(store)
                    group.addTask { try await directory.remember("same", as: subject, in: fixture.property.id, at: fixture.start) }
                }
                try await group.waitForAll()
            }
            let directory = SubjectVaultContract.makeDirectory(store)
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == "same")
        },
        VaultContractCase(name: "contactIsReplacedOnlyUnderItsDataKey") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectVaultContract.makeDirectory(store)
            let subject = fixture.newSubject()
            let pending = try await directory.setEmail(
                "anna@example.com", of: "anna", as: subject, in: fixture.property.id, verifiedBy: nil, at: fixture.start)
            #expect(pending.confirmed == false)
            #expect(pending.usableEmail == nil)
            let stored = try #require(try await store.vaultEntry(of: subject, in: fixture.property.id))
            #expect(
                try await store.replaceVaultContact(
                    nil, of: subject, in: fixture.property.id, keyID: Array(repeating: 0, count: 16), at: fixture.start) == false)
            #expect(!SubjectVaultContract.contains(stored.contact ?? [], "anna@example.com"))
            #expect(try await directory.contact(of: subject, in: fixture.property.id)?.email == "anna@example.com")
            #expect(
                try await directory.confirmEmail(
                    of: subject, in: fixture.property.id, emailDigest: SubjectContact.digest(of: "other@example.com"),
                    at: fixture.start) == false)
            #expect(
                try await directory.confirmEmail(
                    of: subject, in: fixture.property.id, emailDigest: SubjectContact.digest(of: "anna@example.com"),
                    at: fixture.start))
            let confirmed = try #require(try await directory.contact(of: subject, in: fixture.property.id))
            #expect(confirmed.usableEmail == "anna@example.com")
            #expect(confirmed.verifiedBy == "link")
            let vouched = try await directory.setEmail(
                "new@example.com", of: "anna", as: subject, in: fixture.property.id, verifiedBy: "key ak_test", at: fixture.start)
            #expect(vouched.confirmed && vouched.verifiedBy == "key ak_test")
            #expect(try await directory.contact(of: subject, in: fixture.property.id) == vouched)
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == "anna")
        },
        VaultContractCase(name: "shreddingMakesEveryCopyUnreadableAndChainsStillVerify") { store in
            let fixture = try await ContractFixture.make(in: store)
            let directory = SubjectVaultContract.makeDirectory(store)
            let subject = fixture.newSubject()
            let bystander = fixture.newSubject()
            try await directory.remember("erase-me", as: subject, in: fixture.property.id, at: fixture.start)
            try await directory.remember("keep-me", as: bystander, in: fixture.property.id, at: fixture.start)
            try await directory.setEmail(
                "erase@example.com", of: "erase-me", as: subject, in: fixture.property.id, verifiedBy: "key ak_x", at: fixture.start)
            _ = try await store.append([fixture.event(subject, ["analytics": .granted])])
            let copy = try #require(try await directory.sealCopy(Array("payload for erase-me".utf8), for: subject, in: fixture.property.id))
            #expect(try await directory.openCopy(copy, for: subject, in: fixture.property.id) == Array("payload for erase-me".utf8))

            #expect(try await directory.shred(subject, in: fixture.property.id))
            #expect(try await store.vaultEntry(of: subject, in: fixture.property.id) == nil)
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == nil)
            #expect(try await directory.contact(of: subject, in: fixture.property.id) == nil)
            #expect(try await directory.openCopy(copy, for: subject, in: fixture.property.id) == nil)
            #expect(try await directory.shred(subject, in: fixture.property.id) == false)
            // The subject comes back: a new data key, and the old copy stays unreadable for good.
            try await directory.remember("erase-me", as: subject, in: fixture.property.id, at: fixture.start)
            #expect(try await directory.clearSubject(subject, in: fixture.property.id) == "erase-me")
            #expect(try await directory.openCopy(copy, for: subject, in: fixture.property.id) == nil)
            #expect(try await directory.clearSubject(bystander, in: fixture.property.id) == "keep-me")
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { Array(bytes[$0..<($0 + needle.count)]) == needle }
    }
}
