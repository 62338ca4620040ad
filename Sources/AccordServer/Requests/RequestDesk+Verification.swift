import AccordCore
import Foundation

extension RequestDesk {
    /// Checks the requester's code and, where the type needs a reasonably high degree of certainty (access to specific
    /// pieces, portability), a second data point (`VerificationDataPoint`) matched against what the vault holds. Each
    /// independent factor that is not the field a correction corrects counts once (`VerificationStrength.reached`): the
    /// code, then a matched data point. The data point may come with the code or in a later call. A code that is
    /// wrong, expired or spent, or a data point that does not match, is refused with the error saying which; what was
    /// accepted in the same call is kept.
    func verify(_ id: String, code: String?, dataPoint: VerificationDataPoint?, in property: PropertyID) async throws
        -> PrivacyRequest
    {
        guard code != nil || dataPoint != nil else {
            throw RequestError(.fieldInvalid, field: "code", "code is required (with or without a dataPoint)")
        }
        guard let current = try await store.request(id, in: property) else {
            throw RequestError(.requestNotFound, field: nil, "no request with this id in the property")
        }
        let details = try await details(of: current)
        let correctsEmail = details?.correction?.correctsEmail ?? false
        var match: DataPointMatch?
        var sealedPoint: [UInt8]?
        if let dataPoint {
            if dataPoint.isCorrected(by: details?.correction) {
                throw RequestError(
                    .fieldInvalid, field: "dataPoint.kind",
                    "this request corrects the \(dataPoint.kind.rawValue): give another data point, or an operator verifies it")
            }
            match = try await self.match(dataPoint, for: current, email: details?.email)
            sealedPoint = try await directory.sealCopy(
                try JSONEncoder().encode(dataPoint).map { $0 }, for: current.requester, in: current.property)
        }
        var refusal: RequestError?
        let request = try await change(id, in: property) { request, time in
            refusal = nil
            guard request.status == .verifying else {
                throw RequestError(.notVerifying, field: nil, "the request is not waiting for verification")
            }
            var factors = request.verification.map { $0.method.split(separator: "+").map(String.init) } ?? []
            factors.removeAll { $0 == "notRequired" || $0 == "operator" }
            var detail: [String: String] = [:]
            var progressed = false
            if let code {
                guard request.verification == nil else {
                    throw RequestError(.notVerifying, field: "code", "the code was already accepted: give a second data point")
                }
                guard var challenge = request.challenge else {
                    throw RequestError(.codeExpired, field: "code", "no code is open for this request: ask for a new one")
                }
                switch challenge.check(code, requestID: request.id, key: kit.codeKey, now: time) {
                case .accepted:
                    request.challenge = nil
                    factors.append("emailCode")
                    progressed = true
                case .wrong(let remaining):
                    request.challenge = challenge
                    refusal = RequestError(
                        .codeWrong, field: "code",
                        remaining > 0
                            ? "the code is not right; \(remaining) tries left" : "the code is not right and is now spent: ask for a new one")
                    return Step(.codeRejected, actor: "requester", detail: ["remaining": String(remaining)])
                case .expired:
                    throw RequestError(.codeExpired, field: "code", "the code has expired: ask for a new one")
                case .exhausted:
                    throw RequestError(.codeExhausted, field: "code", "the code was tried 5 times: ask for a new one")
                }
            } else if request.verification == nil {
                throw RequestError(.fieldInvalid, field: "code", "enter the e-mailed code first; a second data point completes it")
            }
            if let dataPoint, let match, !factors.contains(dataPoint.kind.rawValue) {
                let tries = request.dataPointTries ?? 0
                if tries >= VerificationDataPoint.maximumTries {
                    refusal = RequestError(
                        .dataPointExhausted, field: "dataPoint",
                        "\(VerificationDataPoint.maximumTries) data points were tried: an operator verifies this request")
                } else {
                    request.dataPointTries = tries + 1
                    request.sealedDataPoint = sealedPoint
                    detail["dataPoint"] = dataPoint.kind.rawValue
                    let left = VerificationDataPoint.maximumTries - tries - 1
                    switch match {
                    case .matched:
                        factors.append(dataPoint.kind.rawValue)
                        progressed = true
                        detail["dataPointMatch"] = "matched"
                    case .mismatched:
                        detail["dataPointMatch"] = "mismatched"
                        refusal = RequestError(
                            .dataPointMismatch, field: "dataPoint.value",
                            (progressed ? "the code was accepted, but " : "")
                                + (left > 0
                                    ? "the \(dataPoint.kind.rawValue) does not match what we hold; \(left) tries left"
                                    : "the \(dataPoint.kind.rawValue) does not match what we hold: an operator verifies this request"))
                    case .nothingHeld:
                        // Kept (sealed) for the operator to compare with their own records.
                        detail["dataPointMatch"] = "nothingHeld"
                        progressed = true
                    }
                }
            }
            guard progressed else { return Step(.dataPointRejected, actor: "requester", detail: detail) }
            let counted = factors.filter { !($0 == "emailCode" && correctsEmail) }.count
            let reached = VerificationStrength.reached(factors: counted)
            let method = factors.joined(separator: "+")
            request.verification = RequestVerification(
                method: method, strength: reached, by: nil, reason: nil, powerOfAttorney: false, at: time)
            detail["method"] = method
            guard reached >= request.requiredStrength else {
                detail["complete"] = "false"
                return Step(.verified, actor: "requester", detail: detail)
            }
            request.status = .verified
            return Step(.verified, actor: "requester", detail: detail, webhook: .requestVerified)
        }
        if let refusal { throw refusal }
        return request
    }

    /// Compares a data point with what the vault holds for the requester: the phone number of the subject their address
    /// names; for a customer number, whether the subject that number names in the vault has the requester's address.
    /// A name is held by no store Accord reads (connectors will add one): it is kept for the operator to compare.
    func match(_ point: VerificationDataPoint, for request: PrivacyRequest, email: String?) async throws -> DataPointMatch {
        switch point.kind {
        case .phone:
            guard let phone = try await directory.contact(of: request.requester, in: request.property)?.phone else {
                return .nothingHeld
            }
            return point.matches(phone) ? .matched : .mismatched
        case .customerNumber:
            guard let email else { return .nothingHeld }
            // As typed, then case-folded: customer numbers are compared without regard to case.
            let typed = point.value.trimmingCharacters(in: .whitespacesAndNewlines)
            for candidate in Set([typed, typed.lowercased(), typed.uppercased()]).sorted() {
                let customer = kit.pseudonymizer.key(for: SubjectIdentifier.normalize(candidate), in: request.property)
                if let held = try await directory.contact(of: customer, in: request.property)?.email,
                    SubjectIdentifier.normalize(held) == SubjectIdentifier.normalize(email)
                {
                    return .matched
                }
            }
            return .mismatched
        case .name:
            return .nothingHeld
        }
    }

    /// The data point the requester gave last, opened from the vault; nil when none was given or once erased.
    func dataPoint(of request: PrivacyRequest) async throws -> VerificationDataPoint? {
        guard let sealed = request.sealedDataPoint,
            let bytes = try await directory.openCopy(sealed, for: request.requester, in: request.property)
        else { return nil }
        return try? JSONDecoder().decode(VerificationDataPoint.self, from: Data(bytes))
    }
}

extension PrivacyRequest {
    /// What verification waits for: nil once verified (or not verifying), `code` before the code, `dataPoint` while
    /// a second data point can still complete it, `operator` when only an operator's recorded verification can.
    public var verificationNext: String? {
        guard status == .verifying else { return nil }
        guard verification != nil else { return "code" }
        return (dataPointTries ?? 0) < VerificationDataPoint.maximumTries ? "dataPoint" : "operator"
    }
}
