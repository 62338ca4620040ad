import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/properties/{property}/impressions`: the SDK's beacon, sent once per banner shown (batched).
///
/// Privacy-minimal by construction: the body names only the day, region, regime, locale and policy version of
/// each impression; nothing identifies the visitor, and nothing of the request (address, agent, page) is kept.
/// The counters are added to at once. Public for the property's allowed origins like the consent write and
/// rate-limited per address; `navigator.sendBeacon` posts it as `text/plain`, which needs no preflight.
struct ImpressionsController {
    let counters: any ReportCounters
    let limiter: RateLimiter
    let addresses: ClientAddressResolver
    let now: @Sendable () -> Date

    /// At most this many entries in one beacon, and this many impressions in one entry.
    static let maximumEntries = 50
    static let maximumCount = 1_000

    func register(on router: some RouterMethods<BrowserRequestContext>) {
        router.post("/v1/properties/:property/impressions", use: count)
        router.preflight("/v1/properties/:property/impressions", methods: "POST, OPTIONS", headers: "Content-Type")
    }

    struct Body: Decodable {
        struct Entry: Decodable {
            var day: String?
            var region: String?
            var regime: String?
            var locale: String?
            var policyVersion: Int?
            var count: Int?
        }
        var impressions: [Entry]
    }

    @Sendable func count(_ request: Request, context: BrowserRequestContext) async throws -> Response {
        let property = try context.property
        if try context.writer.isKeyless, let wait = limiter.acquire(addresses.rateLimitKey(of: request, context: context)) {
            var error = APIError(.tooManyRequests, code: "rate_limited", message: "too many impression beacons from this address")
            error.headers[.retryAfter] = String(wait)
            throw error
        }
        let body = try await JSONBody.decode(Body.self, from: request, context: context)
        let tallies = try Self.tallies(body, property: property.id, today: ReportDay.of(now()))
        try await counters.countImpressions(tallies)
        return Response(status: .accepted, headers: [.cacheControl: "no-store"])
    }

    /// The body's entries as counters, each checked; the first bad value is refused naming its field. A day may
    /// be today or yesterday (UTC), so a beacon sent after midnight still counts where the banner was shown.
    static func tallies(_ body: Body, property: PropertyID, today: Int) throws -> [ImpressionTally] {
        guard (1...maximumEntries).contains(body.impressions.count) else {
            throw APIError.invalid(
                "impressions_invalid", "impressions must list 1 to \(maximumEntries) entries", field: "impressions")
        }
        return try body.impressions.enumerated().map { index, entry in
            let field = "impressions[\(index)]"
            var day = today
            if let text = entry.day {
                guard let parsed = ReportDay.parse(text), parsed == today || parsed == today - 1 else {
                    throw APIError.invalid("day_invalid", "day must be today or yesterday as yyyy-MM-dd (UTC)", field: "\(field).day")
                }
                day = parsed
            }
            if let region = entry.region, !RequestValidation.isRegion(region) {
                throw APIError.invalid("region_invalid", "region must be an ISO 3166 code such as DE or US-CA", field: "\(field).region")
            }
            if let locale = entry.locale, !RequestValidation.isLocale(locale) {
                throw APIError.invalid("locale_invalid", "locale must be a BCP 47 language tag", field: "\(field).locale")
            }
            guard let regime = Regime(rawValue: entry.regime ?? "") else {
                throw APIError.invalid("regime_invalid", "regime must be optIn, optOut or noticeOnly", field: "\(field).regime")
            }
            guard let version = entry.policyVersion, (0...1_000_000).contains(version) else {
                throw APIError.invalid(
                    "policy_version_invalid", "policyVersion must be the policy version shown", field: "\(field).policyVersion")
            }
            let count = entry.count ?? 1
            guard (1...maximumCount).contains(count) else {
                throw APIError.invalid("count_invalid", "count must be 1 to \(maximumCount)", field: "\(field).count")
            }
            return ImpressionTally(
                property: property, day: day, region: entry.region, regime: regime, locale: entry.locale, policyVersion: version,
                count: count)
        }
    }
}
