import AccordCore
import Hummingbird

/// The router's route groups, one per kind of access. A handler takes its group's context, so it can only be
/// registered there, and only runs once that context was built from the right credential.
struct RouteGroups {
    /// Health, keys, the API description, the SDK and Accord's pages.
    let open: AccessRoutes
    /// `/v1/admin` and the vendor list upload: an `admin` key.
    let admin: RouterGroup<AdminRequestContext>
    let consentsRead: RouterGroup<ConsentsReadRequestContext>
    let consentsWrite: RouterGroup<ConsentsWriteRequestContext>
    /// `GET /metrics`: a `metrics:read` key.
    let metrics: RouterGroup<MetricsReadRequestContext>
    /// The SDK's reads and the TCF encoder: the public read limit, then the property's origin rule.
    let browserReads: RouterGroup<BrowserRequestContext>
    /// The consent write: the property's origin rule for keyless callers, `consents:write` for keyed ones.
    let browserWrites: RouterGroup<BrowserRequestContext>
    /// The signed-in console, one group per capability: a live session (`ConsoleSessionMiddleware`) whose user's
    /// role grants it.
    let consoleView: RouterGroup<ConsoleViewContext>
    let consoleConfigure: RouterGroup<ConsoleConfigureContext>
    let consoleAdminister: RouterGroup<ConsoleAdministerContext>
    /// The user's own account page, open to a user who must still enrol a second factor.
    let consoleAccount: RouterGroup<ConsoleAccountContext>
    let consoleSubjects: RouterGroup<ConsoleSubjectsContext>
    let consoleRequests: RouterGroup<ConsoleRequestsContext>

    init(
        router: Router<AccordRequestContext>, table: RouteAccessTable, catalog: PropertyCatalog, own: OwnOrigin,
        reads: PublicReadLimit, sessions: ConsoleSessionMiddleware
    ) {
        func routes(_ access: RouteAccess) -> AccessRoutes { AccessRoutes(router: router, access: access, table: table) }
        open = routes(.open)
        admin = routes(.scope(.admin)).group(context: AdminRequestContext.self)
        consentsRead = routes(.scope(.consentsRead)).group(context: ConsentsReadRequestContext.self)
        consentsWrite = routes(.scope(.consentsWrite)).group(context: ConsentsWriteRequestContext.self)
        metrics = routes(.scope(.metricsRead)).group(context: MetricsReadRequestContext.self)
        browserReads = routes(.browser).group(context: BrowserRequestContext.self)
            .add(middleware: reads)
            .add(middleware: CORSMiddleware(catalog: catalog, own: own, routes: .reads))
        browserWrites = routes(.browser).group(context: BrowserRequestContext.self)
            .add(middleware: CORSMiddleware(catalog: catalog, own: own, routes: .writes))
        consoleView = routes(.console(.view)).group().add(middleware: sessions).group(context: ConsoleViewContext.self)
        consoleConfigure = routes(.console(.configure)).group().add(middleware: sessions)
            .group(context: ConsoleConfigureContext.self)
        consoleAdminister = routes(.console(.administer)).group().add(middleware: sessions)
            .group(context: ConsoleAdministerContext.self)
        consoleSubjects = routes(.console(.subjects)).group().add(middleware: sessions)
            .group(context: ConsoleSubjectsContext.self)
        consoleRequests = routes(.console(.requests)).group().add(middleware: sessions)
            .group(context: ConsoleRequestsContext.self)
        consoleAccount = routes(.console(.view)).group().add(middleware: sessions).group(context: ConsoleAccountContext.self)
    }
}
