// libFuzzer harness for the server's JSON request bodies (`FUZZ_TARGET=bodies`): every input is fed to every body
// decoder the public and admin routes use, exactly as `JSONBody` reads a request (an empty body, a key given twice,
// then `JSONDecoder` with the integer-overflow check), followed by the pure validation the route applies to it.
// Built by scripts/fuzz.sh against the debug build's objects (`@testable import` of AccordServer and AccordCore).
// The property, for each body type and each input:
//   - nothing traps;
//   - an input that is refused is refused with an error the server's one translation (`APIError.from`) maps to a
//     4xx, never a 5xx;
//   - an input that is accepted reads back to the same value from its canonical re-encoding (sorted keys, one
//     spelling per number and string), passes validation again, and a body type that the server also encodes
//     (`Codable & Equatable`) re-encodes with `JSONEncoder` and decodes to an equal value;
//   - the consent write's and the check's fast readers (`ConsentBodyScanner`, `CheckBodyScanner`) read an input
//     they accept exactly as the general path does (`checkFastReaders`).
import AccordCore
import Foundation
import NIOCore

@testable import AccordCore
@testable import AccordServer

@inline(never)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition {
        fatalError(message())
    }
}

/// Counts an outcome in libFuzzer's extra counters (Fuzz/BodyCounters.c).
@_silgen_name("accord_body_outcome")
func countOutcome(_ hash: UInt32)

/// A stable hash (FNV-1a) of an outcome: the body type and what became of the input.
func outcome(_ parts: String...) -> UInt32 {
    var hash: UInt32 = 2_166_136_261
    for byte in parts.joined(separator: "|").utf8 {
        hash = (hash ^ UInt32(byte)) &* 16_777_619
    }
    return hash
}

/// A value's description without its texts and digits: the shape of what was accepted.
func shape(_ description: String) -> String {
    var result = ""
    var quoted = false
    for character in description {
        if character == "\"" { quoted.toggle(); continue }
        if quoted || character.isNumber { continue }
        result.append(character)
    }
    return result
}

/// One body type of one route: how it is decoded and validated, and how an accepted value is compared.
struct BodyCase {
    var name: String
    /// Nil: accepted (with its structural description and the value's own re-encoding, when it has one);
    /// otherwise the error the route answers.
    var run: (ByteBuffer) -> Result<(String, Data?), any Error>
    /// Decodes bytes written by the value's own encoder; nil when the type is never encoded by the server.
    var reencoded: ((Data) throws -> String)?
}

/// A structural description of any value (dictionaries and sets in sorted order), for comparing values of body
/// types that are only `Decodable`.
func describe(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    switch mirror.displayStyle {
    case .dictionary, .set:
        let children = mirror.children.map { describe($0.value) }.sorted()
        return "[" + children.joined(separator: ", ") + "]"
    case .optional:
        guard let child = mirror.children.first else { return "nil" }
        return "some(" + describe(child.value) + ")"
    case .struct, .class, .enum, .tuple, .collection:
        if mirror.children.isEmpty { return "\(type(of: value)).\(String(reflecting: value))" }
        let children = mirror.children.map { ($0.label ?? "_") + ": " + describe($0.value) }
        return "\(type(of: value))(" + children.joined(separator: ", ") + ")"
    default:
        return String(reflecting: value)
    }
}

/// The last document `JSONBody.refuseDuplicateKeys` scanned and its answer. The scan depends on the bytes alone,
/// not on the body type, so it runs once per document instead of once per body type (31 times before: a third of
/// the harness's time with the debug build's objects), and every body type still gets the same answer.
nonisolated(unsafe) var lastScan: (document: ByteBuffer, answer: Result<Void, APIError>)?

/// `JSONBody.refuseDuplicateKeys`, remembered for the last document.
func refuseDuplicateKeys(_ buffer: ByteBuffer) throws(APIError) {
    if let lastScan, lastScan.document == buffer { return try lastScan.answer.get() }
    let answer = Result { () throws(APIError) in try JSONBody.refuseDuplicateKeys(buffer) }
    lastScan = (buffer, answer)
    try answer.get()
}

/// What `JSONBody.decode` / `decodeIfPresent` do with a request body, then the route's validation.
func read<T: Decodable>(_ type: T.Type, _ buffer: ByteBuffer, optional: Bool, validate: (T) throws -> Void) throws -> T? {
    guard buffer.readableBytes > 0 else {
        if optional { return nil }
        throw APIError.malformedJSON("the body is empty")
    }
    try refuseDuplicateKeys(buffer)
    let value = try JSONBody.decode(T.self, json: buffer)
    try validate(value)
    return value
}

func body<T: Decodable>(_ name: String, _ type: T.Type, optional: Bool = false, _ validate: @escaping (T) throws -> Void = { _ in })
    -> BodyCase
{
    BodyCase(
        name: name,
        run: { buffer in
            Result { (describe(try read(T.self, buffer, optional: optional, validate: validate) as Any), nil) }
        },
        reencoded: nil)
}

func codableBody<T: Codable & Equatable>(_ name: String, _ type: T.Type, _ validate: @escaping (T) throws -> Void = { _ in })
    -> BodyCase
{
    BodyCase(
        name: name,
        run: { buffer in
            Result {
                let value = try read(T.self, buffer, optional: false, validate: validate)
                return (describe(value as Any), try JSONEncoder().encode(value))
            }
        },
        reencoded: { data in
            let value = try JSONDecoder().decode(T.self, from: data)
            try validate(value)
            return describe(Optional(value) as Any)
        })
}

let property = DemoProperty.make()
let policy = PolicyVersion.initial(of: property, at: Date(millisecondsSince1970: 0))
let subject = SubjectKey(bytes: Array(repeating: 1, count: 32))!
let now = Date(millisecondsSince1970: 1_790_000_000_000)

/// Every request body the server decodes, by route.
let cases: [BodyCase] = [
    codableBody("consent write", ConsentRequest.self) { request in
        _ = try ConsentEventBuilder.validateSubject(request.subject)
        _ = try ConsentEventBuilder.build(
            request, property: property, policy: policy, rule: property.rule(for: "DE"), subject: subject,
            client: ClientContext(), authentication: .apiKey(prefix: "acc_test00"), id: EventID(rawValue: "x"), at: now)
    },
    body("withdrawal", SubjectController.WithdrawBody.self, optional: true) { body in
        _ = try ChannelWithdrawal.purposes(body.purposes, channel: body.channel, in: property)
    },
    body("check", CheckController.CheckBody.self),
    body("request intake", RequestBody.self) { body in
        _ = try body.submission()
        if let channel = body.channel, RequestChannel(rawValue: channel) == nil {
            throw RequestError(.fieldInvalid, field: "channel", "channel")
        }
    },
    body("request verify", VerifyBody.self) { body in _ = try body.checkedDataPoint() },
    body("request transition", TransitionBody.self),
    body("request assign", AssignBody.self) { body in
        _ = try body.assignee.map { text throws(RequestError) in try RequestText.check(text, field: "assignee", limit: 254) }
    },
    body("request note", NoteBody.self) { body in _ = try RequestText.check(body.text, field: "text") },
    body("request extend", ExtendBody.self) { body in _ = try RequestText.check(body.reason, field: "reason") },
    body("request verification", RecordedVerificationBody.self) { body in _ = try RequestText.check(body.reason, field: "reason") },
    body("request pause", PauseBody.self) { body in _ = try RequestText.check(body.reason, field: "reason") },
    body("fulfilment answer", AdminFulfilmentController.AnswerBody.self),
    body("webhook create", AdminWebhooksController.CreateBody.self) { body in
        _ = try WebhookAdministration.checked(events: body.events)
        try WebhookAdministration.check(description: body.description)
    },
    body("webhook update", AdminWebhooksController.UpdateBody.self) { body in
        if let events = body.events { _ = try WebhookAdministration.checked(events: events) }
        try WebhookAdministration.check(description: body.description)
    },
    body("webhook replay", AdminWebhooksController.ReplayBody.self),
    body("key create", AdminKeysController.CreateBody.self),
    codableBody("property create", Property.self) { try PropertyValidator.validate($0) },
    body("property patch", JSONPatchObject.self) { patch in try PropertyValidator.validate(try patch.merged(over: property)) },
    codableBody("purpose", Purpose.self) { try PropertyValidator.validatePurposes([$0]) },
    codableBody("topic", Topic.self) { try TopicValidator.validate([$0], defaultLocale: "en") },
    codableBody("region rules", RegionRules.self) { rules in
        try PropertyValidator.validateRules(rules, purposes: Set(property.purposes.map(\.key)))
    },
    body("texts", [String: String].self) { try PropertyValidator.validateTexts(["en": $0]) },
    body("system", AdminSystemsController.SystemBody.self),
    body("signal encode", SignalEncodeController.Body.self) { body in
        _ = try SignalEncodeController.choices(body.choices ?? [:], property: property)
        _ = try body.tcfChoices()
    },
    body("link", LinkController.LinkBody.self),
    body("contact", SubjectController.ContactRequestBody.self) { body in
        if body.email != nil {
            _ = try ContactDesk.validated(ContactRequest(email: body.email, verified: body.verified), field: "email")
        }
        _ = try ContactDesk.validated(phone: body.phone)
    },
    body("preference link", SubjectController.PreferenceLinkRequest.self, optional: true),
    body("unsubscribe link", UnsubscribeLinkController.LinkRequest.self),
    codableBody("form draft", FormDraft.self) { _ = FormValidator.problems(of: $0, in: property) },
    body("form submission", FormSubmissionRequest.self),
    body("form revocation", AdminFormRevocationsController.Body.self) { body in
        _ = body.receivedAt.flatMap(AdminFormRevocationsController.time)
    },
    body("impressions", ImpressionsController.Body.self) { body in
        _ = try ImpressionsController.tallies(body, property: property.id, today: ReportDay.of(now))
    },
]

/// The same JSON document written once more with sorted keys (Foundation's reading and writing of it).
func canonical(_ bytes: Data) -> Data? {
    guard let object = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) else { return nil }
    return try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
}

/// The routes' fast readers (`ConsentBodyScanner`, `CheckBodyScanner`) never trap, and wherever one reads a body,
/// the general path (`read`, as `JSONBody.decode` does it) reads the same value from it.
func checkFastReaders(_ bytes: Data, _ buffer: ByteBuffer) {
    if let scanned = bytes.withUnsafeBytes({ ConsentBodyScanner.scan($0) }) {
        let general = (try? read(ConsentRequest.self, buffer, optional: false, validate: { _ in })) ?? nil
        require(
            general == scanned,
            "consent write: the scanner read \(scanned), the decoder \(String(describing: general)) from \(String(decoding: bytes, as: UTF8.self))")
        countOutcome(outcome("consent write scanner", "read"))
    }
    if let scanned = bytes.withUnsafeBytes({ CheckBodyScanner.scan($0) }) {
        let general = (try? read(CheckController.CheckBody.self, buffer, optional: false, validate: { _ in })) ?? nil
        require(
            general?.subjects == scanned.subjects && general?.purposes == scanned.purposes,
            "check: the scanner read \(scanned), the decoder \(String(describing: general)) from \(String(decoding: bytes, as: UTF8.self))")
        countOutcome(outcome("check scanner", "read"))
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let bytes = Data(bytes: start, count: count)
    let buffer = ByteBuffer(bytes: bytes)
    checkFastReaders(bytes, buffer)
    var again: Data??
    for bodyCase in cases {
        switch bodyCase.run(buffer) {
        case .failure(let error):
            let answer = APIError.from(error)
            countOutcome(outcome(bodyCase.name, answer.code, answer.field ?? ""))
            require(
                (400..<500).contains(answer.status.code),
                "\(bodyCase.name): refused with \(answer.status.code) \(answer.code) (\(type(of: error)): \(error)) for \(String(decoding: bytes, as: UTF8.self))"
            )
        case .success(let (description, encoded)):
            countOutcome(outcome(bodyCase.name, "accepted", shape(description)))
            guard count > 0 else { continue }
            if again == nil { again = .some(canonical(bytes)) }
            // Foundation's object model cannot hold every valid document (a number such as 1e400 in a field the
            // body ignores): those are not re-encoded.
            if let document = again! {
                guard let rerun = try? bodyCase.run(ByteBuffer(bytes: document)).get() else {
                    fatalError("\(bodyCase.name): accepted, but its re-encoded document is refused: \(String(decoding: bytes, as: UTF8.self))")
                }
                require(
                    rerun.0 == description,
                    "\(bodyCase.name): the re-encoded document reads differently:\n\(description)\n\(rerun.0)\nfrom \(String(decoding: bytes, as: UTF8.self))"
                )
            }
            if let encoded, let reencoded = bodyCase.reencoded {
                let read = Result { try reencoded(encoded) }
                switch read {
                case .success(let again):
                    require(
                        again == description,
                        "\(bodyCase.name): encode → decode differs:\n\(description)\n\(again)\nfrom \(String(decoding: bytes, as: UTF8.self))")
                case .failure(let error):
                    fatalError(
                        "\(bodyCase.name): an accepted value re-encodes to a refused body (\(error)): \(String(decoding: encoded, as: UTF8.self))")
                }
            }
        }
    }
    return 0
}
