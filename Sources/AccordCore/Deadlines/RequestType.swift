/// What a data-subject request asks for (issue 13 §1). The raw values are the API's words.
public enum RequestType: String, Sendable, Hashable, Codable, CaseIterable {
    /// To know the categories of personal information held, or the specific pieces (GDPR Art. 15, CCPA §1798.110).
    case access
    /// To have it deleted (GDPR Art. 17, CCPA §1798.105).
    case deletion
    /// To have inaccurate data corrected (GDPR Art. 16, CCPA §1798.106).
    case correction
    /// To opt out of sale or sharing and targeted advertising (CCPA §1798.120, the US state laws; GDPR Art. 21(2)).
    case optOut
    /// To limit the use of sensitive personal information (CCPA §1798.121).
    case limitSensitive
    /// To receive the data in a portable format (GDPR Art. 20).
    case portability
    /// To restrict processing (GDPR Art. 18).
    case restriction
    /// To object to processing (GDPR Art. 21(1)).
    case objection
    /// An appeal of an earlier decision on a request (the US state laws); it runs on its own clock.
    case appeal
}
