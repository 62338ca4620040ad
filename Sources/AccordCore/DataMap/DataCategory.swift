/// The closed vocabulary of personal-information categories (issue 13 §5), drawn from the CCPA's categories
/// (Cal. Civ. Code §1798.140(v)(1) and, for the sensitive ones, §1798.140(ae)). The data map and the dataset files
/// both use it; the raw values are the words in the API and in YAML.
public enum DataCategory: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case identifiers
    case customerRecords
    case protectedClassifications
    case commercial
    case biometric
    case internetActivity
    case geolocation
    case sensory
    case professional
    case education
    case inferences
    case sensitiveGovernmentId = "sensitive.governmentId"
    case sensitiveAccountLogin = "sensitive.accountLogin"
    case sensitiveFinancialAccount = "sensitive.financialAccount"
    case sensitivePreciseGeolocation = "sensitive.preciseGeolocation"
    case sensitiveRacialOrEthnicOrigin = "sensitive.racialOrEthnicOrigin"
    case sensitiveReligiousBeliefs = "sensitive.religiousBeliefs"
    case sensitiveUnionMembership = "sensitive.unionMembership"
    case sensitiveCommunicationsContent = "sensitive.communicationsContent"
    case sensitiveGeneticData = "sensitive.geneticData"
    case sensitiveBiometric = "sensitive.biometric"
    case sensitiveHealth = "sensitive.health"
    case sensitiveSexLife = "sensitive.sexLife"

    /// Sensitive personal information (CCPA §1798.140(ae)).
    public var isSensitive: Bool { rawValue.hasPrefix("sensitive.") }

    /// The categories CCPA Regulations §7024(d) forbid disclosing in an access answer (government ids, financial
    /// accounts, account logins, biometric data, and health insurance or medical ids, under `sensitive.health`):
    /// a dataset withholds such columns unless it says `access: disclose`.
    public var withheldByDefault: Bool {
        switch self {
        case .sensitiveGovernmentId, .sensitiveFinancialAccount, .sensitiveAccountLogin, .sensitiveBiometric, .sensitiveHealth: true
        default: false
        }
    }

    /// In the vocabulary's order.
    public static func < (lhs: DataCategory, rhs: DataCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let category = DataCategory(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a category; use one of \(DataCategory.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        self = category
    }
}
