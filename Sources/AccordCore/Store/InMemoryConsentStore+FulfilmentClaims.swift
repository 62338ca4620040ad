import Foundation
import Synchronization

extension InMemoryConsentStore {
    /// `FulfilmentClaims`: under the claims' lock.
    public func claimRun(_ run: String, holder: String, now: Date, lease: Duration) async throws -> Bool {
        fulfilmentClaims.withLock { claims in
            if let current = claims.leases[run], current.holder != holder, current.until > now { return false }
            claims.leases[run] = (holder, now.addingTimeInterval(lease.timeInterval).truncatedToMilliseconds)
            return true
        }
    }

    /// `FulfilmentClaims`.
    public func releaseRun(_ run: String, holder: String) async throws {
        fulfilmentClaims.withLock { claims in
            if claims.leases[run]?.holder == holder { claims.leases[run] = nil }
        }
    }

    /// `FulfilmentClaims`: only while `holder`'s lease lasts.
    public func recordStepOutcome(_ outcome: String, run: String, step: String, holder: String, now: Date) async throws -> Bool {
        fulfilmentClaims.withLock { claims in
            guard let lease = claims.leases[run], lease.holder == holder, lease.until > now else { return false }
            claims.outcomes[run, default: [:]][step] = outcome
            return true
        }
    }

    /// `FulfilmentClaims`.
    public func stepOutcome(run: String, step: String) async throws -> String? {
        fulfilmentClaims.withLock { $0.outcomes[run]?[step] }
    }

    /// `FulfilmentClaims`.
    public func clearStepOutcome(run: String, step: String) async throws {
        fulfilmentClaims.withLock { claims in
            claims.outcomes[run]?[step] = nil
            if claims.outcomes[run]?.isEmpty == true { claims.outcomes[run] = nil }
        }
    }
}
