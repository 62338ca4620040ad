import AccordCore
import AccordServer
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOFoundationEssentialsCompat

/// An Accord application over an in-memory store, bootstrapped like a first start.
struct TestApplication {
    let services: AccordServices
    let adminKey: String

    static func make(
        store: any ConsentStore = InMemoryConsentStore(), settings: [String: ConfigContent] = [:],
        mailTransport: (any MailTransport)? = nil
    ) async throws -> TestApplication {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, value) in settings {
            values[AbsoluteConfigKey(key.split(separator: ".").map(String.init))] = .init(value, isSecret: false)
        }
        let reader = ConfigReader(provider: InMemoryProvider(values: values))
        let services = try await AccordServices.bootstrap(
            store: store, settings: ServerSettings(reader: reader), mailTransport: mailTransport)
        return TestApplication(services: services, adminKey: services.createdAdminKey!)
    }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "accord-test")
        logger.logLevel = .warning
        return buildApplication(services: services, logger: logger)
    }

    /// Creates a key with the given scopes directly in the store.
    func key(_ scopes: Set<APIKey.Scope>) async throws -> String {
        let (token, key) = APIKey.generate(name: "test", scopes: scopes, at: Date())
        try await services.store.saveAPIKey(key)
        return token
    }
}

extension TestClientProtocol {
    /// Sends JSON (given as text, so malformed bodies can be sent too) and returns status, headers and parsed body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, headers: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any]) {
        var headers = headers
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) }) { response in
            let data = Data(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return (response.status, response.headers, object)
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The `error` object of an error response.
    var error: [String: Any]? { self["error"] as? [String: Any] }
    var errorCode: String? { error?["code"] as? String }
    var errorField: String? { error?["field"] as? String }
}

func bearer(_ key: String) -> HTTPFields { [.authorization: "Bearer \(key)"] }
let localOrigin: HTTPFields = [.origin: "http://localhost:3000"]

/// A visitor id of the shape the SDK makes (`av_` and 32 hex digits), distinct per `seed`.
func visitor(_ seed: Int) -> String {
    "av_" + String(format: "%032x", seed)
}

/// Visitor ids for keyless writes in tests, short enough to write inline.
let visitorA = "av_" + String(repeating: "a", count: 32)
let visitorB = "av_" + String(repeating: "b", count: 32)
let visitorC = "av_" + String(repeating: "c", count: 32)
let visitorD = "av_" + String(repeating: "d", count: 32)
let visitorE = "av_" + String(repeating: "e", count: 32)
let visitorF = "av_" + String(repeating: "f", count: 32)
let visitorOne = "av_" + String(repeating: "1", count: 32)
let visitorTwo = "av_" + String(repeating: "2", count: 32)
let visitorNine = "av_" + String(repeating: "9", count: 32)
