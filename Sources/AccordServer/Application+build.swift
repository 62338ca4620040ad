import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Assembles the HTTP application; the CLI and the tests both call it.
/// `onServerRunning` is called once the port is bound (to announce the server only when it really serves).
/// The background services (expiry sweeper, checkpoints, the metrics port) run beside it, on `clock`, and stop with it.
public func buildApplication(
    services: AccordServices, logger: Logger, clock: any ServiceClock = ScaledClock(),
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = buildRouter(services: services)
    let settings = services.settings
    return Application(
        router: router,
        // Unparseable requests (oversized heads) get the JSON error body too, not Hummingbird's empty 400.
        server: .http1(configuration: .init(additionalChannelHandlers: [ParseErrorHandler()])),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "Accord"),
        services: backgroundServices(services: services, clock: clock, logger: logger),
        onServerRunning: onServerRunning,
        logger: logger)
}

/// The services that run beside the HTTP server.
func backgroundServices(services: AccordServices, clock: any ServiceClock, logger: Logger) -> [any Service] {
    let settings = services.settings
    var background: [any Service] = [
        ExpirySweeper(
            store: services.store, clock: clock, interval: .seconds(settings.expirySweepIntervalSeconds),
            reminders: services.mailQueue != nil, logger: logger)
    ]
    background.append(services.requestService(clock: clock, logger: logger))
    background.append(services.fulfilmentService(clock: clock, logger: logger))
    if let interval = settings.checkpointInterval {
        background.append(
            CheckpointService(
                store: services.store, signer: services.signer, interval: interval, clock: ContinuousClock(), now: { Date() },
                logger: logger))
    }
    if let metricsPort = settings.metricsPort {
        background.append(buildMetricsApplication(metrics: services.metrics, host: settings.host, port: metricsPort, logger: logger))
    }
    return background
}

/// The router alone, for tests that drive requests without a socket.
public func buildRouter(services: AccordServices) -> Router<AccordRequestContext> {
    buildRoutes(services: services).router
}

/// The router, with the access each of its routes was registered with (`RouteAccessTests` walks them all).
func buildRoutes(services: AccordServices) -> (router: Router<AccordRequestContext>, access: RouteAccessTable) {
    // Uptime checks and CDNs ask with HEAD: every GET answers it too, with the same headers and no body.
    let router = Router(context: AccordRequestContext.self, options: .autoGenerateHeadEndpoints)
    // First, so it also sees the responses the error middleware makes.
    router.add(middleware: SecurityHeadersMiddleware(strictTransportSecurity: services.settings.publicURL.lowercased().hasPrefix("https:")))
    // Before the log and the error answers, so both carry the request's id.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: MetricsMiddleware(metrics: services.metrics))
    router.add(middleware: ErrorMiddleware(metrics: services.metrics))
    router.add(middleware: RepeatedQueryMiddleware())
    let routes = MethodNotAllowedMiddleware<AccordRequestContext>.Routes()
    router.add(middleware: MethodNotAllowedMiddleware(routes: routes))
    let catalog = PropertyCatalog(store: services.store)
    let settings = services.settings
    let addresses = ClientAddressResolver(
        trustedHeader: settings.clientIPHeader.flatMap { HTTPField.Name($0) }, trustedProxies: settings.trustedProxies)
    let own = OwnOrigin(publicURL: settings.publicURL)
    let keyCache = APIKeyCache(store: services.store)
    router.add(
        middleware: APIKeyMiddleware(
            keys: keyCache, failures: FailedKeyLimit(perMinute: settings.failedKeysPerMinute),
            addresses: addresses))
    let access = RouteAccessTable()
    let consoleForms = ConsoleForms(
        signer: services.formTokens, cookie: ConsoleCookie(secure: settings.publicURL.lowercased().hasPrefix("https:")),
        now: services.now)
    let groups = RouteGroups(
        router: router, table: access, catalog: catalog, own: own,
        reads: PublicReadLimit(
            limiter: RateLimiter(perMinute: settings.readsPerMinute, burst: settings.readsBurst), addresses: addresses),
        sessions: ConsoleSessionMiddleware(accounts: services.accounts, forms: consoleForms))
    ConsentController(
        recorder: services.recorder, limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst),
        addresses: addresses, formTokens: services.formTokens, contacts: services.contactDesk,
        confirmations: services.choicesConfirmation
    ).register(on: groups.browserWrites)
    SubjectController(
        recorder: services.recorder, store: services.store, catalog: catalog, addresses: addresses,
        links: services.preferenceLinks, publicURL: settings.publicURL, contacts: services.contactDesk,
        confirmations: services.choicesConfirmation
    ).register(reading: groups.consentsRead, writing: groups.consentsWrite)
    ContactConfirmController(catalog: catalog, confirmations: services.contactConfirmations, directory: services.directory)
        .register(on: groups.open)
    CheckController(recorder: services.recorder, store: services.store, catalog: catalog).register(on: groups.consentsRead)
    SystemController(store: services.store, recorder: services.recorder).register(on: groups.open)
    ConsentStringsController().register(on: groups.consentsRead)
    let vendorLists = VendorListSource(store: services.store, fallback: services.defaultGVL)
    SignalEncodeController(
        vendorLists: vendorLists, cmp: settings.tcfCMPID.map { CMPIdentity(id: $0, version: settings.tcfCMPVersion) }
    ).register(on: groups.browserReads)
    VendorLayerController(vendorLists: vendorLists).register(on: groups.browserReads)
    let policies = PolicyCache(store: services.store)
    ExperienceController(policies: policies).register(on: groups.browserReads)
    WebController().register(on: groups.open)
    VisitorController(recorder: services.recorder, store: services.store).register(on: groups.browserReads)
    LinkController(
        linker: services.linker, secrets: services.identitySecrets,
        limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst), addresses: addresses
    ).register(on: groups.browserWrites)
    PreferencesController(
        recorder: services.recorder, catalog: catalog, policies: policies,
        limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst), addresses: addresses,
        secureCookies: settings.publicURL.hasPrefix("https:"), links: services.preferenceLinks, store: services.store,
        own: own, formTokens: services.formTokens, confirmations: services.choicesConfirmation
    ).register(on: groups.open)
    // Configuration changes made here are seen at once; other instances see them within the catalog's lifetime.
    let editor = services.editor.observing {
        catalog.invalidate($0)
        vendorLists.invalidate($0)
    }
    AdminPropertiesController(editor: editor).register(on: groups.admin)
    AdminPurposesController(editor: editor).register(on: groups.admin)
    AdminTextsController(editor: editor).register(on: groups.admin)
    registerPreferenceRoutes(groups: groups, editor: editor, services: services, catalog: catalog, addresses: addresses)
    AdminPoliciesController(editor: editor).register(on: groups.admin)
    registerFormRoutes(
        groups: groups, services: services, editor: editor, addresses: addresses, catalog: catalog, own: own)
    AdminIdentityController(catalog: catalog, secrets: services.identitySecrets).register(on: groups.admin)
    AdminKeysController(keys: services.store, cache: keyCache, now: services.now).register(on: groups.admin)
    services.registerRequestRoutes(groups: groups, editor: editor, catalog: catalog, addresses: addresses)
    services.registerConnectorRequestRoutes(groups: groups, editor: editor)
    VendorListController(editor: editor, fallback: services.defaultGVL).register(browser: groups.browserReads, admin: groups.admin)
    CheckpointController(store: services.store).register(on: groups.browserReads)
    MetricsController(metrics: services.metrics).register(on: groups.metrics)
    AdminWebhooksController(
        editor: editor, store: services.store, secrets: services.webhookSecrets, rule: settings.webhookURLRule,
        hosts: services.hostResolver
    ).register(on: groups.admin)
    AdminSystemsController(
        editor: editor, store: services.store, secrets: ConnectorSecretBox(root: services.webhookSecrets.root),
        schemaReader: services.schemaReader, now: services.now, audit: services.store, rule: settings.webhookURLRule,
        hosts: services.hostResolver
    ).register(on: groups.admin)
    ConsoleSignInController(
        accounts: services.accounts, forms: consoleForms,
        limiter: RateLimiter(perMinute: settings.signInsPerMinute, burst: settings.signInsBurst), addresses: addresses
    ).register(on: groups.open)
    ConsoleSubjectsController(
        recorder: ConsoleSubjectReader(recorder: services.recorder, log: services.store), configuration: services.store,
        forms: consoleForms, now: services.now
    ).register(on: groups.consoleSubjects)
    ConsolePreviewController(editor: editor, now: services.now).register(on: groups.consoleView)
    ConsoleAccountController(accounts: services.accounts, forms: consoleForms)
        .register(account: groups.consoleAccount, administering: groups.consoleAdminister)
    ConsoleKeysController(keys: services.store, cache: keyCache, forms: consoleForms, now: services.now)
        .register(on: groups.consoleAdminister)
    let reports = ConsoleReports(counters: services.store, configuration: services.store, now: services.now)
    ConsoleController(
        accounts: services.accounts, forms: consoleForms, editor: editor, reports: reports, chains: services.store,
        publicURL: settings.publicURL
    ).register(viewing: groups.consoleView, configuring: groups.consoleConfigure, administering: groups.consoleAdminister)
    registerReportRoutes(
        groups: groups, reports: reports, chains: services.store, forms: consoleForms, addresses: addresses, settings: settings)
    ConsoleTextsController(editor: editor, forms: consoleForms)
        .register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
    ConsoleVersionsController(editor: editor, forms: consoleForms).register(viewing: groups.consoleView)
    registerPropertySettingsPages(editor: editor, forms: consoleForms, groups: groups)
    ConsoleWebhooksController(
        administration: WebhookAdministration(
            store: services.store, secrets: services.webhookSecrets, rule: settings.webhookURLRule, hosts: services.hostResolver),
        configuration: services.store, forms: consoleForms, now: services.now
    ).register(viewing: groups.consoleView, configuring: groups.consoleConfigure)
    services.registerConsoleRequestRoutes(groups: groups, forms: consoleForms)
    routes.learn(router.routes)
    return (router, access)
}
