import ConsentStrings

/// Decodes and checks the consent strings of a submission against the property: each kind only where the
/// property enables it, decodable, and free of TCF policy problems.
public enum ConsentStringCheck {
    /// The consent strings of a submission once checked.
    public struct Checked: Sendable {
        /// The decoded TC string, when the request sent one.
        public var tcString: TCString?
        /// The decoded GPP string, when the request sent one.
        public var gppString: GPPString?

        /// The TC string whose purposes decide mapped purposes: `tcString`, else the GPP `tcfeuv2` section.
        public var purposeSource: TCString? {
            if let tcString { return tcString }
            if case .tcfEUv2(let embedded)? = gppString?[.tcfEUv2] { return embedded }
            return nil
        }
    }

    /// Decodes and validates the request's `tcString` and `gppString`; throws `consentStringNotEnabled`,
    /// `consentStringUndecodable` or `consentStringInvalid` naming the field at fault.
    public static func check(_ request: ConsentRequest, property: Property) throws(ConsentRequestError) -> Checked {
        var checked = Checked()
        if let text = request.tcString {
            guard property.tcfEnabled else { throw .consentStringNotEnabled(field: "tcString") }
            let tc: TCString
            do {
                tc = try TCString(text)
            } catch {
                throw undecodable("tcString", error)
            }
            let issues = tc.validate()
            guard issues.isEmpty else { throw .consentStringInvalid(field: "tcString", issues: issues.map(\.description)) }
            checked.tcString = tc
        }
        if let text = request.gppString {
            guard property.gppEnabled else { throw .consentStringNotEnabled(field: "gppString") }
            let gpp: GPPString
            do {
                gpp = try GPPString(text)
            } catch {
                throw undecodable("gppString", error)
            }
            let issues = gpp.validate()
            guard issues.isEmpty else { throw .consentStringInvalid(field: "gppString", issues: issues.map(\.description)) }
            checked.gppString = gpp
        }
        return checked
    }

    private static func undecodable(_ field: String, _ error: any Error) -> ConsentRequestError {
        guard let error = error as? ConsentStringError else {
            return .consentStringUndecodable(field: field, reason: "invalidValue: the string cannot be decoded")
        }
        return .consentStringUndecodable(field: field, reason: error.description)
    }
}
