import AccordCore
import Foundation
import Testing

@Suite struct SubjectMergeTests {
    let start = Date(millisecondsSince1970: 1_790_000_000_000)

    func choice(_ value: ConsentChoice, at offset: TimeInterval, _ regime: Regime = .optIn, optOut: Bool = false)
        -> SubjectMerge.Choice
    {
        SubjectMerge.Choice(
            choice: value, recordedAt: start.addingTimeInterval(offset), expiresAt: start.addingTimeInterval(offset + 86_400),
            policyVersion: 1, regime: regime, isOptOut: optOut)
    }

    @Test func newestChoiceWinsPerPurpose() {
        let subject: [PurposeKey: SubjectMerge.Choice] = ["analytics": choice(.denied, at: 10), "marketing": choice(.granted, at: 30)]
        let device: [PurposeKey: SubjectMerge.Choice] = ["analytics": choice(.granted, at: 20), "marketing": choice(.denied, at: 5)]
        let changes = SubjectMerge.merge(subject: subject, devices: [device])
        #expect(changes == ["analytics": choice(.granted, at: 20)])
    }

    @Test func deviceChoicesFillPurposesTheSubjectNeverChose() {
        let changes = SubjectMerge.merge(subject: [:], devices: [["analytics": choice(.granted, at: 1)]])
        #expect(changes == ["analytics": choice(.granted, at: 1)])
    }

    @Test func optOutOnAnyDeviceStaysAgainstNewerGrants() {
        let optOut = choice(.denied, at: 10, .optOut, optOut: true)
        let fromDevice = SubjectMerge.merge(
            subject: ["sale": choice(.granted, at: 50, .optOut)], devices: [["sale": optOut]])
        #expect(fromDevice == ["sale": optOut])
        let onSubject = SubjectMerge.merge(subject: ["sale": optOut], devices: [["sale": choice(.granted, at: 50, .optOut)]])
        #expect(onSubject.isEmpty)
    }

    @Test func choicesUnderAnotherRegimeAreNeverMergedIn() {
        let subject: [PurposeKey: SubjectMerge.Choice] = ["marketing": choice(.granted, at: 10, .optIn)]
        let device: [PurposeKey: SubjectMerge.Choice] = ["marketing": choice(.denied, at: 50, .optOut, optOut: true)]
        #expect(SubjectMerge.merge(subject: subject, devices: [device]).isEmpty)
    }

    @Test func latestReadsGPCAndDoNotSellOptOutsFromEvents() {
        var property = DemoProperty.make()
        property.purposes[1].optOutCategories = [.sale]
        let sale = property.purposes[1].key
        let other = property.purposes[3].key
        func event(_ choices: [PurposeKey: ConsentChoice], regime: Regime, gpc: Bool, at offset: TimeInterval) -> ConsentEvent {
            let time = start.addingTimeInterval(offset)
            return ConsentEvent(
                id: .make(at: time), property: property.id, subject: SubjectKey(bytes: Array(repeating: 1, count: 32))!,
                choices: choices, expiresAt: [:], regime: regime, policyVersion: 1, policyHash: "h", source: .banner, gpc: gpc,
                recordedAt: time)
        }
        let latest = SubjectMerge.latest(
            of: [
                event([sale: .granted, other: .granted], regime: .optOut, gpc: false, at: 0),
                event([sale: .denied, other: .denied], regime: .optOut, gpc: false, at: 1),
            ], in: property)
        #expect(latest[sale]?.isOptOut == true)
        #expect(latest[other]?.isOptOut == false)
        let signalled = SubjectMerge.latest(of: [event([other: .denied], regime: .optIn, gpc: true, at: 2)], in: property)
        #expect(signalled[other]?.isOptOut == true)
    }
}
