import AccordCore
import Testing

@Suite struct PhoneNumberTests {
    @Test func writtenSeparatorsAreDroppedToE164() {
        #expect(PhoneNumber.normalized("+49 (151) 123-45678") == "+4915112345678")
        #expect(PhoneNumber.normalized("+1.415.555.0100") == "+14155550100")
        #expect(PhoneNumber.normalized("+12345678") == "+12345678", "8 digits, the shortest")
        #expect(PhoneNumber.normalized("+123456789012345") == "+123456789012345", "15 digits, the longest")
    }

    @Test(arguments: ["015112345678", "+0151234567", "+1234567", "+1234567890123456", "+49 151 ٣٤٥٦٧٨٩٠", "+49/151/1234567", "", "+"])
    func anythingElseIsRefused(text: String) {
        #expect(PhoneNumber.normalized(text) == nil)
    }
}
