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
        var keys: [SubjectKey] = []
        keys.reserveCapacity(body.subjects.count)
        for (index, subject) in body.subjects.enumerated() {
            do {
                keys.append(recorder.subjectKey(for: try ConsentEventBuilder.validateSubject(subject), in: property.id))
            } catch {
                throw APIError.invalid(error.code, error.message, field: "subjects[\(index)]")
            }
        }
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
        var json = JSONWriter(capacity: 64 + keys.count * (32 + 24 * purposes.count))
        json.beginObject()
        json.key("results")
        json.beginObject()
        for index in order {
            let state = states[keys[index]]
            json.key(body.subjects[index])
            json.beginObject()
            for (position, purpose) in sortedPurposes.enumerated() {
                json.key(purpose.key.rawValue)
                if let purposeState = state?.purposes[purpose.key] {
                    json.bool(ConsentDecision.isAllowed(purpose, state: purposeState, regime: regime, at: now))
                } else {
                    json.bool(unset[position])
                }
            }
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return JSONBody.response(json: json.bytes)
    }

    /// The index of each distinct spelling's last occurrence, in byte order of the spellings: the order of the
    /// answer's keys. Sorted by the strings' UTF-8 views in place, without a byte array or set entry per subject.
    static func answerOrder(_ subjects: [String]) -> [Int] {
        var indices = Array(subjects.indices)
        indices.sort { left, right in
            var first = subjects[left].utf8.makeIterator()
            var second = subjects[right].utf8.makeIterator()
            while true {
                switch (first.next(), second.next()) {
                case (nil, nil): return left > right
                case (nil, _): return true
                case (_, nil): return false
                case (let a?, let b?) where a != b: return a < b
                default: continue
                }
            }
        }
        var order: [Int] = []
        order.reserveCapacity(indices.count)
        for index in indices where order.last.map({ !subjects[$0].utf8.elementsEqual(subjects[index].utf8) }) ?? true {
            order.append(index)
        }
        return order
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
