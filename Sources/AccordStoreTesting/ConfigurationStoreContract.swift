import AccordCore
import Foundation
import Testing

/// One check of the configuration-history contract.
public struct ConfigurationContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// What every store with configuration history must do: changes and their audit entries land together,
/// chained per property, and published versions stay immutable.
public enum ConfigurationStoreContract {
    public static let cases: [ConfigurationContractCase] = [
        ConfigurationContractCase(name: "savedChangeWritesAChainedAuditEntry") { store in
            let fixture = try await ContractFixture.make(in: store)
            var changed = fixture.property
            changed.name = "Renamed"
            let entry = AuditEntry(
                property: changed.id, actor: "key:test", action: "property.update",
                before: AuditEntry.canonicalJSON(fixture.property), after: AuditEntry.canonicalJSON(changed), at: fixture.start)
            try await store.saveProperty(changed, audit: entry, replacing: fixture.property)
            #expect(try await store.property(changed.id)?.name == "Renamed")
            let entries = try await store.auditEntries(of: changed.id, before: nil, limit: 10)
            #expect(entries.map(\.entry) == [entry])
            #expect(entries.first?.link.chain == AuditEntry.chain(of: changed.id))
            #expect(try await StoreAudit.run(store).isClean)
        },
        ConfigurationContractCase(name: "publishingSavesVersionPropertyAndEntryTogether") { store in
            let fixture = try await ContractFixture.make(in: store)
            var property = fixture.property
            property.purposes[1].description = "Changed wording"
            property.currentPolicyVersion = 2
            let version = PolicyVersion(publishing: property, version: 2, previous: fixture.policy, at: fixture.start, by: "test")
            let entry = AuditEntry(
                property: property.id, actor: "test", action: "policy.publish", target: "2", before: nil, after: version.contentHash,
                at: fixture.start)
            try await store.publish(version, property: property, audit: entry, replacing: fixture.property)
            #expect(try await store.policyVersion(2, of: property.id) == version)
            #expect(try await store.property(property.id)?.currentPolicyVersion == 2)
            #expect(try await store.policyVersions(of: property.id, before: nil, limit: 10).map(\.version) == [2, 1])
            #expect(try await store.policyVersions(of: property.id, before: 2, limit: 10).map(\.version) == [1])
            let again = AuditEntry(property: property.id, actor: "test", action: "policy.publish", before: nil, after: nil, at: fixture.start)
            await #expect(throws: StoreError.policyVersionExists(property.id, 2)) {
                try await store.publish(version, property: property, audit: again, replacing: property)
            }
            #expect(try await store.auditEntries(of: property.id, before: nil, limit: 10).count == 1)
        },
        ConfigurationContractCase(name: "auditEntriesPageNewestFirst") { store in
            let fixture = try await ContractFixture.make(in: store)
            var previous = fixture.property
            for index in 0..<3 {
                var property = fixture.property
                property.name = "Name \(index)"
                let entry = AuditEntry(
                    property: property.id, actor: "t", action: "property.update", target: "\(index)", before: nil, after: nil, at: fixture.start)
                try await store.saveProperty(property, audit: entry, replacing: previous)
                previous = property
            }
            let first = try await store.auditEntries(of: fixture.property.id, before: nil, limit: 2)
            #expect(first.map(\.entry.target) == ["2", "1"])
            let rest = try await store.auditEntries(of: fixture.property.id, before: first.last?.sequence, limit: 2)
            #expect(rest.map(\.entry.target) == ["0"])
            let positions = try await store.auditEntriesInChainOrder(after: nil, limit: 100)
                .filter { $0.entry.property == fixture.property.id }.map(\.link.position)
            #expect(positions == [1, 2, 3])
        },
        ConfigurationContractCase(name: "importedAuditEntriesKeepTheirIdsAndLinks") { store in
            let fixture = try await ContractFixture.make(in: store)
            let chain = AuditEntry.chain(of: fixture.property.id)
            var head = ChainHead.genesis(of: chain)
            let imported = (0..<3).map { index in
                var entry = AuditEntry(
                    property: fixture.property.id, actor: "key:crm (acc_xxxxxx)", action: "purpose.update", target: "analytics",
                    before: index == 0 ? nil : "{\"n\":\(index - 1)}", after: "{\"n\":\(index)}", at: fixture.start.addingTimeInterval(Double(index)))
                entry.id = EventID(rawValue: "0190a1b2-c3d4-7e5f-8a9b-00000000000\(index)")
                let link = AuditChain.link(entry, after: head)
                head = link.head
                return StoredAuditEntry(entry: entry, sequence: 0, link: link)
            }
            try await store.importAuditEntries(Array(imported.prefix(2)))
            try await store.importAuditEntries(Array(imported.dropFirst(2)))
            let read = try await store.auditEntries(of: fixture.property.id, before: nil, limit: 10)
            #expect(read.map(\.entry) == imported.reversed().map(\.entry))
            #expect(read.map(\.link) == imported.reversed().map(\.link))
            #expect(try await store.chainHeads().contains(head))
            let next = AuditEntry(property: fixture.property.id, actor: "t", action: "property.update", before: nil, after: nil, at: fixture.start)
            try await store.saveProperty(fixture.property, audit: next, replacing: fixture.property)
            #expect(try await store.auditEntries(of: fixture.property.id, before: nil, limit: 1).first?.link.position == 4)
            #expect(try await StoreAudit.run(store).isClean)
        },
        ConfigurationContractCase(name: "ofTwoEditsFromOneReadingExactlyOneIsSaved") { store in
            let fixture = try await ContractFixture.make(in: store)
            let editor = ConfigurationEditor(store: store)
            let read = try await editor.load(fixture.property.id)
            @Sendable func rename(to name: String) async -> Result<Property, any Error> {
                do {
                    return .success(
                        try await editor.change(read.id, by: name, action: "property.update", expected: read) { $0.name = name })
                } catch {
                    return .failure(error)
                }
            }
            // Both edits start from the same reading, at the same moment.
            async let first = rename(to: "A")
            async let second = rename(to: "B")
            let results = await [first, second]
            let saved = results.compactMap { try? $0.get() }
            #expect(saved.count == 1)
            for case .failure(let error) in results { #expect(error as? StoreError == .concurrentChange(read.id)) }
            let stored = try #require(try await store.property(read.id))
            #expect(stored == saved.first)
            // The winner's audit entry says what it replaced: the reading both started from.
            let entry = try #require(try await store.auditEntries(of: read.id, before: nil, limit: 1).first?.entry)
            #expect(entry.before == AuditEntry.canonicalJSON(read))
            #expect(entry.after == AuditEntry.canonicalJSON(stored))
            // Even without an expected reading, a save that replaces anything but what is stored is refused.
            var stale = read
            stale.name = "C"
            let late = AuditEntry(property: read.id, actor: "c", action: "property.update", before: nil, after: nil, at: fixture.start)
            await #expect(throws: StoreError.concurrentChange(read.id)) {
                try await store.saveProperty(stale, audit: late, replacing: read)
            }
            await #expect(throws: StoreError.concurrentChange(read.id)) {
                try await store.saveProperty(stale, audit: late, replacing: nil)
            }
        },
        ConfigurationContractCase(name: "purposesWithConsentsAreKnown") { store in
            let fixture = try await ContractFixture.make(in: store)
            _ = try await store.append([fixture.event(fixture.newSubject(), ["marketing": .denied])])
            #expect(try await store.hasConsents(for: "marketing", in: fixture.property.id))
            #expect(try await !store.hasConsents(for: "analytics", in: fixture.property.id))
        },
        ConfigurationContractCase(name: "vendorListIsSavedPerPropertyReplacedAndAudited") { store in
            let fixture = try await ContractFixture.make(in: store)
            #expect(try await store.gvl(of: fixture.property.id) == nil)
            var list = GlobalVendorList(
                vendorListVersion: 120, tcfPolicyVersion: 5, lastUpdated: "2026-11-19T16:05:29Z",
                purposes: [1: .init(id: 1, name: "Store and/or access information on a device", description: "Cookies.")],
                vendors: [755: .init(id: 755, name: "Google Advertising Products", purposes: [1, 3], legIntPurposes: [2])])
            list.vendors[755]?.dataRetention = GlobalVendorList.Retention(stdRetention: 548, purposes: [3: 30], specialPurposes: [:])
            let first = AuditEntry(property: fixture.property.id, actor: "t", action: "gvl.update", before: nil, after: "120", at: fixture.start)
            try await store.saveGVL(list, of: fixture.property.id, audit: first)
            #expect(try await store.gvl(of: fixture.property.id) == list)
            list.vendorListVersion = 121
            let second = AuditEntry(property: fixture.property.id, actor: "t", action: "gvl.update", before: "120", after: "121", at: fixture.start)
            try await store.saveGVL(list, of: fixture.property.id, audit: second)
            #expect(try await store.gvl(of: fixture.property.id)?.vendorListVersion == 121)
            #expect(try await store.auditEntries(of: fixture.property.id, before: nil, limit: 10).map(\.entry) == [second, first])
            await #expect(throws: StoreError.propertyNotFound("no-such-property")) {
                try await store.saveGVL(list, of: "no-such-property", audit: first)
            }
            #expect(try await StoreAudit.run(store).isClean)
        },
        ConfigurationContractCase(name: "importedVendorListIsStoredWithoutAnAuditEntry") { store in
            let fixture = try await ContractFixture.make(in: store)
            var list = GlobalVendorList(
                vendorListVersion: 140, tcfPolicyVersion: 5, lastUpdated: "2027-01-07T16:00:00Z",
                specialFeatures: [1: .init(id: 1, name: "Use precise geolocation data", description: "Location.")],
                vendors: [1: .init(id: 1, name: "Exponential Interactive", purposes: [1], usesCookies: true)])
            list.vendors[1]?.cookieMaxAgeSeconds = 31_536_000
            list.vendors[1]?.urls = [.init(langId: "en", privacy: "https://example.com/privacy", legIntClaim: "https://example.com/li")]
            try await store.importGVL(list, of: fixture.property.id, updatedAt: fixture.start)
            #expect(try await store.gvl(of: fixture.property.id) == list)
            list.vendorListVersion = 141
            try await store.importGVL(list, of: fixture.property.id, updatedAt: fixture.start.addingTimeInterval(60))
            #expect(try await store.gvl(of: fixture.property.id) == list)
            // The moved audit trail holds the entries that saved the list: importing adds none.
            #expect(try await store.auditEntries(of: fixture.property.id, before: nil, limit: 10).isEmpty)
            #expect(try await !store.chainHeads().contains { $0.chain == AuditEntry.chain(of: fixture.property.id) })
            await #expect(throws: StoreError.propertyNotFound("no-such-property")) {
                try await store.importGVL(list, of: "no-such-property", updatedAt: fixture.start)
            }
            #expect(try await StoreAudit.run(store).isClean)
        },
    ]
}
