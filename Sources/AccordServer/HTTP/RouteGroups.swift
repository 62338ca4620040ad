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

    init(
        router: Router<AccordRequestContext>, table: RouteAccessTable, catalog: PropertyCatalog, own: OwnOrigin,
        reads: PublicReadLimit
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
    }
}
