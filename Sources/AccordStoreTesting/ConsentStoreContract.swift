import AccordCore
import Foundation
import Testing

/// One check of the store contract, run by each backend's test target over its own store.
public struct ContractCase: Sendable, CustomTestStringConvertible {
    public let name: String
    public let run: @Sendable (any ConsentStore) async throws -> Void
    public var testDescription: String { name }
}

/// The behaviour every `ConsentStore` must have. A backend's tests run it in one line:
/// `@Test(arguments: ConsentStoreContract.cases) func contract(_ c: ContractCase) async throws { try await c.run(store) }`.
public enum ConsentStoreContract {
    public static let cases: [ContractCase] = configurationCases + eventCases + auditCases + keyCases + importCases
}
