import AccordCore
import Foundation
import Hummingbird

/// `POST /v1/properties/{property}/check`: may these purposes be used for these subjects, right now?
/// Answers up to 1,000 subjects in one call with one store read.
struct CheckController {
    let recorder: ConsentRecorder
    let store: any ConsentLog
    let catalog: PropertyCatalog

    static let maximumSubjects = 1_000

    struct CheckBody: Decodable {
        var subjects: [String]
        var purposes: [String]?
    }

    func register(on router: some RouterMethods<ConsentsReadRequestContext>) {
        router.post("/v1/properties/:property/check", use: check)
    }

    @Sendable func check(_ request: Request, context: ConsentsReadRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        let body = try await JSONBody.decode(CheckBody.self, from: request, context: context) { bytes in
            CheckBodyScanner.scan(bytes).map { CheckBody(subjects: $0.subjects, purposes: $0.purposes) }
        }
        guard !body.subjects.isEmpty, body.subjects.count <= Self.maximumSubjects else {
            throw APIError.invalid(
                "subjects_invalid", "subjects must list 1 to \(Self.maximumSubjects) identifiers", field: "subjects")
        }
        let purposes = try resolvePurposes(body.purposes, of: property)
        var validated: [String] = []
        validated.reserveCapacity(body.subjects.count)
        for (index, subject) in body.subjects.enumerated() {
            do {
                validated.append(try ConsentEventBuilder.validateSubject(subject))
            } catch {
                throw APIError.invalid(error.code, error.message, field: "subjects[\(index)]")
            }
        }
        let keys = recorder.subjectKeys(for: validated, in: property.id)
        let states = try await store.states(of: keys, in: property.id)
        let now = Date()
        let sortedPurposes = purposes.sorted { $0.key < $1.key }
        let regime = property.defaultRegime
        // The answer where a subject has no state for a purpose is the same for every such subject: decided once per
        // purpose (it parses the purpose key), not once per unknown subject.
        let unset = sortedPurposes.map { ConsentDecision.isAllowed($0, state: nil, regime: regime, at: now) }
        // One answer per subject as sent. Answers are looked up by pseudonym, never by a `String` key: Swift
        // strings compare by canonical equivalence, so a `[String: ...]` map would merge two spellings and could
        // give one the other's answer. Spellings are told apart by their bytes; equivalent ones share a pseudonym.
        let order = Self.answerOrder(body.subjects)
        var answer = CheckAnswer(purposes: sortedPurposes.map(\.key.rawValue), subjects: order.count)
        for index in order {
            let state = states[keys[index]]
            answer.subject(body.subjects[index]) { position in
                let purpose = sortedPurposes[position]
                guard let purposeState = state?.purposes[purpose.key] else { return unset[position] }
                return ConsentDecision.isAllowed(purpose, state: purposeState, regime: regime, at: now)
            }
        }
        return JSONBody.response(json: answer.finish())
    }

    /// The index of each distinct spelling's last occurrence, in byte order of the spellings: the order of the
    /// answer's keys. Sorted by the strings' UTF-8 in place (`memcmp` over contiguous storage, the bytes one by one
    /// otherwise), without a byte array or set entry per subject.
    static func answerOrder(_ subjects: [String]) -> [Int] {
        if subjects.count == 1 { return [0] }
        var indices = Array(subjects.indices)
        indices.sort { left, right in
            switch compareUTF8(subjects[left], subjects[right]) {
            case 0: left > right
            case let order: order < 0
            }
        }
        var order: [Int] = []
        order.reserveCapacity(indices.count)
        for index in indices where order.last.map({ compareUTF8(subjects[$0], subjects[index]) != 0 }) ?? true {
            order.append(index)
        }
        return order
    }

    /// The byte order of two strings' UTF-8: negative, zero or positive (a prefix comes first).
    static func compareUTF8(_ first: String, _ second: String) -> Int {
        let fast = first.utf8.withContiguousStorageIfAvailable { a in
            second.utf8.withContiguousStorageIfAvailable { b -> Int in
                let common = min(a.count, b.count)
                if common > 0, let x = a.baseAddress, let y = b.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return Int(order) }
                }
                return a.count - b.count
            }
        }
        if let fast, let fast { return fast }
        var left = first.utf8.makeIterator()
        var right = second.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let a?, let b?) where a != b: return a < b ? -1 : 1
            default: continue
            }
        }
    }

    private func resolvePurposes(_ requested: [String]?, of property: Property) throws -> [Purpose] {
        guard let requested, !requested.isEmpty else { return property.checkablePurposes }
        return try requested.enumerated().map { index, key in
            guard let purpose = property.purpose(PurposeKey(rawValue: key)) else {
                throw APIError.invalid(
                    "purpose_unknown", "purpose '\(key)' is not defined for this property", field: "purposes[\(index)]")
            }
            return purpose
        }
    }
}
