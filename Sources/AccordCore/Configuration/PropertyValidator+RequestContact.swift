import Foundation

extension PropertyValidator {
    /// `requestTimeZone` is an IANA zone identifier Foundation knows (`Europe/Berlin`, `UTC`); `privacyContact` is an
    /// e-mail address.
    static func validateRequestContact(timeZone: String?, contact: String?) throws(ConfigurationError) {
        if let timeZone, Property.deadlineZone(timeZone) == nil {
            throw .invalid("requestTimeZone", "\(timeZone.prefix(64)) is not an IANA time zone such as Europe/Berlin or America/New_York")
        }
        if let contact, ConsoleUser.normalizedEmail(contact) == nil || contact.utf8.count > 254 {
            throw .invalid("privacyContact", "privacyContact must be an e-mail address")
        }
    }
}
