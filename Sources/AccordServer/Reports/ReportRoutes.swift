import AccordCore
import Hummingbird

/// The impressions beacon and the consent report API, wired apart from `buildApplication` to keep it short.
func registerReportRoutes(
    groups: RouteGroups, reports: ConsoleReports, chains: any ChainReader, forms: ConsoleForms, addresses: ClientAddressResolver,
    settings: ServerSettings
) {
    ImpressionsController(
        counters: reports.counters,
        limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst), addresses: addresses,
        now: reports.now
    ).register(on: groups.browserWrites)
    AdminReportsController(reports: reports).register(on: groups.admin)
    AuditReportController(
        audits: AuditReports(configuration: reports.configuration, chains: chains, reports: reports), forms: forms, now: reports.now
    ).register(admin: groups.admin, viewing: groups.consoleView)
}
