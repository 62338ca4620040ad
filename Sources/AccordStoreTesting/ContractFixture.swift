import AccordCore
import Foundation

/// Fresh, unique data for one contract case, so cases can share a database and run in parallel.
public struct ContractFixture: Sendable {
    public let store: any ConsentStore
    public let property: Property
    public let policy: PolicyVersion
    public let start = Date(millisecondsSince1970: 1_790_000_000_000)

    /// Creates a property with a unique id and publishes its first policy version.
    public static func make(in store: any ConsentStore) async throws -> ContractFixture {
        var property = DemoProperty.make()
        property.id = PropertyID(rawValue: "p-" + UUID().uuidString.lowercased().prefix(12))
        try await store.importProperty(property)
        let policy = PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 1_789_000_000_000))
        try await store.importPolicyVersion(policy)
        return ContractFixture(store: store, property: property, policy: policy)
    }

    public func newSubject() -> SubjectKey {
        var generator = SystemRandomNumberGenerator()
        return SubjectKey(bytes: (0..<32).map { _ in generator.next() })!
    }

    /// An event for `subject` at `start + offset` seconds.
    public func event(
        _ subject: SubjectKey, _ choices: [PurposeKey: ConsentChoice], offset: TimeInterval = 0,
        idempotencyKey: String? = nil, source: ConsentSource = .banner,
        authentication: ConsentAuthentication? = .keyless(origin: "https://shop.example")
    ) -> ConsentEvent {
        let time = start.addingTimeInterval(offset)
        return ConsentEvent(
            id: .make(at: time), property: property.id, subject: subject, choices: choices,
            expiresAt: choices.mapValues { _ in time.addingTimeInterval(365 * 86_400) }, regime: .optIn,
            region: "DE-BY", locale: "de-AT", policyVersion: policy.version, policyHash: policy.contentHash,
            source: source, gpc: true, tcString: "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
            gppString: "DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA",
            ipPrefix: "203.0.113.0", userAgent: "Firefox 133", clientTime: time.addingTimeInterval(-1),
            recordedAt: time, idempotencyKey: idempotencyKey, authentication: authentication)
    }
}

extension AppendResult {
    /// The stored event of a recorded or replayed result.
    public var stored: StoredEvent? {
        switch self {
        case .recorded(let stored, _), .replayed(let stored, _): stored
        case .idempotencyConflict, .stale, .subjectErased: nil
        }
    }

    public var state: ConsentState? {
        switch self {
        case .recorded(_, let state), .replayed(_, let state), .stale(let state): state
        case .idempotencyConflict, .subjectErased: nil
        }
    }
}
