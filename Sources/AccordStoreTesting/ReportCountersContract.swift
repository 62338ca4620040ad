import AccordCore
import Foundation
import Testing

/// What every store's report counters must do: choice tallies that always equal folding the log (appends,
/// replays, imports, Accord's own events), and impression counters that add up. Each case uses its own property.
public enum ReportCountersContract {
    /// Tallies with equal keys added, sorted, so stores that keep several rows per key compare equal.
    static func normalised(_ tallies: [ChoiceTally]) -> [String: Int] {
        tallies.reduce(into: [:]) { sums, tally in
            let key = "\(tally.day)|\(tally.region ?? "-")|\(tally.source.rawValue)|\(ConsentEventEncoding.choicesText(tally.choices))"
            sums[key, default: 0] += tally.count
        }
    }

    public static let cases: [ContractCase] = [
        ContractCase(name: "choiceTalliesEqualFoldingTheAppendedEvents") { store in
            let fixture = try await ContractFixture.make(in: store)
            let day = ReportDay.of(fixture.start)
            var events: [ConsentEvent] = []
            for index in 0..<12 {
                var event = fixture.event(
                    fixture.newSubject(), index % 3 == 0 ? ["analytics": .granted, "marketing": .granted] : ["analytics": .denied],
                    offset: Double(index % 2) * 86_400, idempotencyKey: "k\(index)")
                if index % 4 == 0 { event.region = nil }
                if index % 5 == 0 { event.source = .preferenceCenter }
                events.append(event)
            }
            _ = try await store.append(Array(events.prefix(5)))
            _ = try await store.append(Array(events.dropFirst(5)))
            // A replay stores nothing, so it counts for nothing.
            _ = try await store.append([events[0]])
            let read = try await store.choiceTallies(of: fixture.property.id, days: day...(day + 1))
            #expect(normalised(read) == normalised(ChoiceTally.of(events)))
            #expect(read.reduce(0) { $0 + $1.count } == 12)
            #expect(try await store.choiceTallies(of: fixture.property.id, days: (day + 2)...(day + 9)).isEmpty)
            let report = ConsentReport.make(property: fixture.property, choices: read, impressions: [], days: day...(day + 1))
            #expect(
                report == ConsentReport.make(property: fixture.property, events: events, dayCount: 2, now: fixture.start.addingTimeInterval(86_400)))
        },
        ContractCase(name: "accordsOwnEventsAndImportsAreTalliedLikeTheLog") { store in
            let fixture = try await ContractFixture.make(in: store)
            let day = ReportDay.of(fixture.start)
            let subject = fixture.newSubject()
            var notice = fixture.event(subject, ["analytics": .denied], offset: 10)
            notice.source = .expiry
            notice.kind = .expired
            let imported = [fixture.event(subject, ["analytics": .granted], offset: 1), notice]
            try await store.importEvents(ConsentStoreContract.linkedInChainOrder(imported))
            let read = try await store.choiceTallies(of: fixture.property.id, days: day...day)
            #expect(normalised(read) == normalised(ChoiceTally.of([imported[0]])))
        },
        ContractCase(name: "impressionsAddUpPerDayRegionRegimeLocaleAndVersion") { store in
            let fixture = try await ContractFixture.make(in: store)
            let other = try await ContractFixture.make(in: store)
            let day = ReportDay.of(fixture.start)
            func tally(_ day: Int, _ region: String?, _ locale: String?, _ count: Int, in property: PropertyID? = nil) -> ImpressionTally {
                ImpressionTally(
                    property: property ?? fixture.property.id, day: day, region: region, regime: .optIn, locale: locale,
                    policyVersion: 1, count: count)
            }
            try await store.countImpressions([tally(day, "DE", "de", 2), tally(day, nil, nil, 1), tally(day, "DE", "de", 3)])
            try await store.countImpressions([
                tally(day, "DE", "de", 1), tally(day + 1, "FR", "fr", 4), tally(day, "DE", "de", 9, in: other.property.id),
            ])
            try await store.countImpressions([])
            let read = try await store.impressionTallies(of: fixture.property.id, days: day...day)
            #expect(Set(read) == [tally(day, "DE", "de", 6), tally(day, nil, nil, 1)])
            #expect(try await store.impressionTallies(of: fixture.property.id, days: (day + 1)...(day + 1)) == [tally(day + 1, "FR", "fr", 4)])
        },
    ]
}

/// What every store does with audit entries of changes that are not configuration: chained after the property's
/// configuration entries, listed with them, verified with them.
public enum AuditAppendingContract {
    public static let cases: [ContractCase] = [
        ContractCase(name: "appendedEntriesJoinThePropertysConfigurationChain") { store in
            let fixture = try await ContractFixture.make(in: store)
            let entry = AuditEntry(
                property: fixture.property.id, actor: "user:a@b.example", action: "webhook.create", target: "wh_1", before: nil,
                after: #"{"url":"https://h.example"}"#, at: fixture.start)
            try await store.appendAuditEntry(entry)
            try await store.appendAuditEntry(
                AuditEntry(
                    property: fixture.property.id, actor: "user:a@b.example", action: "webhook.pause", target: "wh_1", before: nil,
                    after: nil, at: fixture.start.addingTimeInterval(1)))
            let listed = try await store.auditEntries(of: fixture.property.id, before: nil, limit: 10)
            #expect(listed.map(\.entry.action).prefix(2) == ["webhook.pause", "webhook.create"])
            #expect(listed.first?.link.chain == AuditEntry.chain(of: fixture.property.id))
            #expect(try await StoreAudit.run(store).chainFailure == nil)
        }
    ]
}
