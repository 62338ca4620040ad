import AccordCore
import Foundation
import Testing

/// A request runs under the law in force, and giving the right it exercises, on the day it was received (issue 13 §3):
/// the day before a law's effective date it is a request from a place with no law, the day of it the law applies.
@Suite struct LawInForceTests {
    /// Jurisdiction, law, the last day without it and the first day with it, each written out by hand.
    static let effectiveDates: [(String, String, String, String)] = [
        ("DE-BY", "gdpr", "2018-05-24", "2018-05-25"), ("IE", "gdpr", "2018-05-24", "2018-05-25"),
        ("GB", "uk-gdpr", "2018-05-24", "2018-05-25"), ("US-CA", "ccpa", "2019-12-31", "2020-01-01"),
        ("BR", "lgpd", "2020-09-17", "2020-09-18"), ("CA-ON", "pipeda", "2000-12-31", "2001-01-01"),
        ("CA-QC", "quebec-law-25", "2023-09-21", "2023-09-22"), ("US-VA", "us-va", "2022-12-31", "2023-01-01"),
        ("US-CO", "us-co", "2023-06-30", "2023-07-01"), ("US-CT", "us-ct", "2023-06-30", "2023-07-01"),
        ("US-UT", "us-ut", "2023-12-30", "2023-12-31"), ("US-TX", "us-tx", "2024-06-30", "2024-07-01"),
        ("US-OR", "us-or", "2024-06-30", "2024-07-01"), ("US-MT", "us-mt", "2024-09-30", "2024-10-01"),
        ("US-IA", "us-ia", "2024-12-31", "2025-01-01"), ("US-DE", "us-de", "2024-12-31", "2025-01-01"),
        ("US-NH", "us-nh", "2024-12-31", "2025-01-01"), ("US-NE", "us-ne", "2024-12-31", "2025-01-01"),
        ("US-NJ", "us-nj", "2025-01-14", "2025-01-15"), ("US-TN", "us-tn", "2025-06-30", "2025-07-01"),
        ("US-MN", "us-mn", "2025-07-30", "2025-07-31"), ("US-MD", "us-md", "2025-09-30", "2025-10-01"),
        ("US-IN", "us-in", "2025-12-31", "2026-01-01"), ("US-KY", "us-ky", "2025-12-31", "2026-01-01"),
        ("US-RI", "us-ri", "2025-12-31", "2026-01-01"),
    ]

    @Test func everyLawInTheTableHasAHandWrittenEffectiveDate() {
        #expect(Set(LawTable.all.map(\.id.rawValue)) == Set(Self.effectiveDates.map(\.1)))
    }

    @Test(arguments: effectiveDates)
    func aRequestReceivedTheDayBeforeTheEffectiveDateHasNoLawAndOnTheDayItHasTheLaw(
        place: String, law: String, before: String, from: String
    ) throws {
        let jurisdiction = try #require(Jurisdiction(place))
        #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day(before)) == nil)
        #expect(LawTable.law(for: jurisdiction, on: day(before)) == nil)
        #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day(from))?.id.rawValue == law)
        #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day("2026-11-30"))?.id.rawValue == law)
        #expect(LawTable.law(id: Law.ID(law))?.inForce == day(from))
    }

    @Test(arguments: ["IS", "LI", "NO"])
    func theGDPRAppliesInTheEEAEFTAStatesFrom20July2018(place: String) throws {
        // The EEA Joint Committee's decision incorporating the GDPR entered into force on 20 July 2018.
        let jurisdiction = try #require(Jurisdiction(place))
        #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day("2018-07-19")) == nil)
        #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day("2018-07-20")) == LawTable.gdpr)
        #expect(LawTable.law(for: try #require(Jurisdiction(place + "-01")), on: day("2018-07-19")) == nil, "a subdivision too")
    }

    @Test func aPlaceWithoutALawHasNoneOnAnyDay() throws {
        for place in ["US-WA", "JP", "US"] {
            let jurisdiction = try #require(Jurisdiction(place))
            for date in ["2001-01-01", "2026-07-01", "2030-01-01"] {
                #expect(LawTable.law(for: jurisdiction, type: .access, receivedOn: day(date)) == nil)
            }
        }
    }

    @Test func quebecBeforeLaw25DoesNotFallBackToPIPEDA() throws {
        let quebec = try #require(Jurisdiction("CA-QC"))
        #expect(LawTable.law(for: quebec, type: .access, receivedOn: day("2023-09-21")) == nil)
        #expect(LawTable.law(for: try #require(Jurisdiction("CA-ON")), type: .access, receivedOn: day("2023-09-21")) == LawTable.pipeda)
    }

    @Test func utahClocksACorrectionOnlyFromFirstJuly2026() throws {
        let utah = try #require(Jurisdiction("US-UT"))
        // Utah Code §13-61-201(4), in force 1 July 2026: before it the UCPA gave no right to correct.
        #expect(LawTable.law(for: utah, type: .correction, receivedOn: day("2026-06-30")) == nil)
        #expect(LawTable.law(for: utah, type: .correction, receivedOn: day("2026-07-01"))?.id.rawValue == "us-ut")
        // The other rights are the law's since 31 December 2023, whatever the day of the correction right.
        #expect(LawTable.law(for: utah, type: .access, receivedOn: day("2026-06-30"))?.id.rawValue == "us-ut")
        #expect(LawTable.law(for: utah, type: .deletion, receivedOn: day("2024-01-02"))?.id.rawValue == "us-ut")
        // Appeals were never a right under the UCPA.
        #expect(LawTable.law(for: utah, type: .appeal, receivedOn: day("2026-11-30")) == nil)
    }

    @Test func californiaClocksCorrectionAndLimitRequestsFromTheCPRAsOperativeDate() throws {
        let california = try #require(Jurisdiction("US-CA"))
        for type in [RequestType.correction, .limitSensitive] {
            #expect(LawTable.law(for: california, type: type, receivedOn: day("2022-12-31")) == nil)
            #expect(LawTable.law(for: california, type: type, receivedOn: day("2023-01-01")) == LawTable.ccpa)
        }
        #expect(LawTable.law(for: california, type: .access, receivedOn: day("2022-12-31")) == LawTable.ccpa)
    }

    @Test func quebecClocksPortabilityFromSeptember2024() throws {
        let quebec = try #require(Jurisdiction("CA-QC"))
        #expect(LawTable.law(for: quebec, type: .portability, receivedOn: day("2024-09-21")) == nil)
        #expect(LawTable.law(for: quebec, type: .portability, receivedOn: day("2024-09-22")) == LawTable.quebecLaw25)
        #expect(LawTable.law(for: quebec, type: .access, receivedOn: day("2024-09-21")) == LawTable.quebecLaw25)
    }

    @Test func aTypeTheLawNeverCoversHasNoLawOnAnyDay() throws {
        // Iowa gives no right to correct (§715D.3(1)), in force or not.
        let iowa = try #require(Jurisdiction("US-IA"))
        #expect(LawTable.law(for: iowa, type: .correction, receivedOn: day("2026-03-02")) == nil)
        #expect(LawTable.law(for: iowa, type: .access, receivedOn: day("2026-03-02"))?.id.rawValue == "us-ia")
    }

    @Test func everyLaterRightOrPlaceIsOneTheLawCoversAndStartsAfterTheLaw() {
        for law in LawTable.all {
            for (type, from) in law.coversFrom {
                #expect(law.covers.contains(type), "\(law.id) dates \(type), which it does not cover")
                #expect(from > law.inForce, "\(law.id): \(type) from \(from)")
            }
            for (code, from) in law.inForceLaterIn {
                #expect(law.jurisdictions.contains { $0.code == code }, "\(law.id) dates \(code), where it does not apply")
                #expect(from > law.inForce, "\(law.id): \(code) from \(from)")
            }
        }
    }

    @Test func aLawCoversARequestOnlyFromTheDayItAppliesWhereTheRequestComesFrom() throws {
        // The GDPR applied in the EU from 25 May 2018 and in Norway (through the EEA Agreement) from 20 July 2018.
        let gdpr = try #require(LawTable.all.first { $0.id.rawValue == "gdpr" })
        let norway = try #require(Jurisdiction("NO"))
        let germany = try #require(Jurisdiction("DE"))
        #expect(gdpr.covers(.access, receivedOn: day("2018-06-01"), in: germany))
        #expect(!gdpr.covers(.access, receivedOn: day("2018-06-01"), in: norway))
        #expect(!gdpr.covers(.access, receivedOn: day("2018-07-19"), in: norway))
        #expect(gdpr.covers(.access, receivedOn: day("2018-07-20"), in: norway))
    }
}
