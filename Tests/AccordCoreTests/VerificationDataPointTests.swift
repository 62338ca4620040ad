import AccordCore
import Foundation
import Testing

/// The second data point (issue 13 §2): checked, compared in a normal form, never the field a correction corrects.
@Suite struct VerificationDataPointTests {
    @Test func valuesAreComparedInTheirNormalForm() throws {
        let phone = try VerificationDataPoint.check(kind: "phone", value: "+49 (151) 123-45678")
        #expect(phone.matches("+4915112345678") && !phone.matches("+4915112345679"))
        let name = try VerificationDataPoint.check(kind: "name", value: "  José   MÜLLER ")
        #expect(name.matches("jose muller") && !name.matches("Jose Miller"))
        let customer = try VerificationDataPoint.check(kind: "customerNumber", value: " C-1042 ")
        #expect(customer.matches("c-1042") && !customer.matches("C-1043"))
    }

    @Test func badKindsAndValuesNameTheirField() {
        #expect(throws: RequestError(.fieldInvalid, field: "dataPoint.kind", "dataPoint.kind must be one of name, phone, customerNumber")) {
            try VerificationDataPoint.check(kind: "birthday", value: "1 May")
        }
        for (kind, value) in [("phone", "0151 1234"), ("name", "   "), ("customerNumber", String(repeating: "7", count: 201))] {
            #expect {
                try VerificationDataPoint.check(kind: kind, value: value)
            } throws: { error in
                (error as? RequestError)?.field == "dataPoint.value"
            }
        }
    }

    @Test func theFieldBeingCorrectedNeverVerifies() {
        let phone = VerificationDataPoint(kind: .phone, value: "+4915112345678")
        #expect(phone.isCorrected(by: RequestDetails.Correction(field: "Phone number", value: "+4915199999999")))
        #expect(phone.isCorrected(by: RequestDetails.Correction(field: "postal address", value: "x")) == false)
        #expect(phone.isCorrected(by: nil) == false)
        #expect(RequestDetails.Correction(field: "E-mail address", value: "new@example.com").correctsEmail)
        #expect(VerificationDataPoint(kind: .customerNumber, value: "c").isCorrected(by: RequestDetails.Correction(field: "customer id", value: "d")))
    }

    @Test func oneFactorIsReasonableAndTwoAreReasonablyHigh() {
        #expect(VerificationStrength.reached(factors: 0) == VerificationStrength.none)
        #expect(VerificationStrength.reached(factors: 1) == .reasonable)
        #expect(VerificationStrength.reached(factors: 2) == .reasonablyHigh)
        #expect(VerificationStrength.required(for: .access, scope: .specificPieces, agent: false) == .reasonablyHigh)
    }
}

/// Reminders while the clock is stopped, and after it moved.
@Suite struct RequestRemindersPauseTests {
    func request(due: Date, pauses: [PausedInterval]) -> PrivacyRequest {
        var request = PrivacyRequest(
            id: "req_" + String(repeating: "a", count: 32), property: "demo", type: .access, scope: .categories, channel: .web,
            jurisdiction: "GB", law: "uk-gdpr", requester: SubjectKey(bytes: Array(repeating: 1, count: 32))!, sealed: nil,
            hasAgent: false, receivedAt: due.addingTimeInterval(-30 * 86_400), createdAt: due.addingTimeInterval(-30 * 86_400))
        request.status = .inProgress
        request.dueAt = due
        request.clock = RequestClock(law: LawTable.ukGDPR.id, type: .access, receivedAt: request.receivedAt, pauses: pauses)
        return request
    }

    @Test func nothingIsDueSoonWhileTheClockIsStoppedAndAMovedDueDateIsRemindedAgain() {
        let due = Date(timeIntervalSince1970: 1_800_000_000)
        let now = due.addingTimeInterval(-86_400)
        #expect(RequestReminders.next(for: request(due: due, pauses: [PausedInterval(from: now)]), now: now) == nil)
        var resumed = request(due: due, pauses: [PausedInterval(from: now.addingTimeInterval(-86_400 * 5), until: now)])
        #expect(RequestReminders.next(for: resumed, now: now) == .due2)
        resumed.remindersSent.append(RequestReminders.marker(.due2, for: resumed))
        #expect(RequestReminders.next(for: resumed, now: now) == nil)
        resumed.dueAt = due.addingTimeInterval(86_400)
        #expect(RequestReminders.next(for: resumed, now: now) == .due2, "the due date moved: reminded for the new one")
    }
}
