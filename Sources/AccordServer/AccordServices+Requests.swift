import AccordCore
import Foundation
import Hummingbird
import Logging

extension AccordServices {
    /// The request workflow on `now` (the console's clock for the API; the service's clock for the service).
    func requestDesk(now: @escaping @Sendable () -> Date) -> RequestDesk {
        RequestDesk(
            store: store, directory: directory, kit: requestKit, deadlines: RequestDeadlineSource(), mailOn: mailQueue != nil,
            now: now)
    }

    /// The background service of requests, a pass every minute of `clock`.
    public func requestService(clock: any ServiceClock, logger: Logger) -> RequestService {
        RequestService(
            desk: requestDesk(now: { clock.now }), store: store, clock: clock, interval: .seconds(60), logger: logger)
    }

    /// Registers the public intake and the admin API of data-subject requests.
    func registerRequestRoutes(
        groups: RouteGroups, editor: ConfigurationEditor, catalog: PropertyCatalog, addresses: ClientAddressResolver
    ) {
        let desk = requestDesk(now: now)
        RequestPagesController(
            desk: desk, catalog: catalog, signer: formTokens, secureCookies: settings.publicURL.lowercased().hasPrefix("https:"),
            limiter: RateLimiter(perMinute: Self.requestsPerMinute, burst: Self.requestsBurst), addresses: addresses
        ).register(on: groups.open)
        PublicRequestsController(
            desk: desk, limiter: RateLimiter(perMinute: Self.requestsPerMinute, burst: Self.requestsBurst), addresses: addresses
        ).register(on: groups.browserWrites)
        AdminRequestsController(
            desk: desk, editor: editor, store: store,
            fulfilment: requestFulfilment(desk: desk), log: store
        ).register(on: groups.admin)
    }

    /// Public request calls (submit, verify, new code) per client address and minute, and their burst.
    static let requestsPerMinute = 20
    static let requestsBurst = 10
}
