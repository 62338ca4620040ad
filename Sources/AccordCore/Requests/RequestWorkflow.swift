import Foundation

/// The case state machine: which status a request may move to from which, and what a move needs. Pure, so the
/// admin API, the background service and the tests share one rule.
///
/// ```
/// verifying ─▶ verified ─▶ inProgress ─▶ completed
///     │            │            ├──────▶ denied (reason + exemption)
///     │            └────────────┴──────▶ withdrawn
///     └──▶ unverifiable, denied, withdrawn
/// ```
public enum RequestWorkflow {
    /// Why a move is refused.
    public enum Refusal: Error, Hashable, Sendable, CustomStringConvertible {
        /// The state machine has no edge from `from` to `to`.
        case forbidden(from: RequestStatus, to: RequestStatus)
        /// A denial needs a reason (free text) and an exemption.
        case reasonRequired
        /// A denial needs an exemption from the closed list.
        case exemptionRequired
        /// Only a denial carries an exemption.
        case exemptionNotAllowed
        /// `verified` is reached by verifying, not by a transition; the request's type needs more than was given.
        case verificationRequired

        /// One line for the API's error message.
        public var description: String {
            switch self {
            case .forbidden(let from, let to): "a request cannot move from \(from.rawValue) to \(to.rawValue)"
            case .reasonRequired: "a denial needs a reason"
            case .exemptionRequired: "a denial needs an exemption from the closed list"
            case .exemptionNotAllowed: "only a denial carries an exemption"
            case .verificationRequired: "the request is not verified yet: verify it, or record a verification"
            }
        }
    }

    /// The statuses reachable from `status` in one move.
    public static func targets(from status: RequestStatus) -> Set<RequestStatus> {
        switch status {
        case .verifying: [.verified, .denied, .withdrawn, .unverifiable]
        case .verified: [.inProgress, .completed, .denied, .withdrawn]
        case .inProgress: [.completed, .denied, .withdrawn]
        case .completed, .denied, .withdrawn, .unverifiable: []
        }
    }

    /// Checks a move requested through the admin API. `verified` is not reachable this way (it needs a code or a
    /// recorded verification), and a denial needs a reason and an exemption.
    public static func check(
        from status: RequestStatus, to target: RequestStatus, reason: String?, exemption: RequestExemption?
    ) throws(Refusal) {
        guard targets(from: status).contains(target) else { throw .forbidden(from: status, to: target) }
        if target == .verified { throw .verificationRequired }
        if target == .denied {
            guard let reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .reasonRequired }
            guard exemption != nil else { throw .exemptionRequired }
        } else if exemption != nil {
            throw .exemptionNotAllowed
        }
    }
}
