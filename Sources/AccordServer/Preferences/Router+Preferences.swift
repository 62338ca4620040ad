import AccordCore
import Hummingbird

/// The routes of communication preferences (topics, unsubscribe links) and of consent imports, registered apart from the application's
/// spine so that this feature's wiring stays in one file.
func registerPreferenceRoutes(
    groups: RouteGroups, editor: ConfigurationEditor, services: AccordServices, catalog: PropertyCatalog,
    addresses: ClientAddressResolver
) {
    AdminTopicsController(editor: editor).register(on: groups.admin)
    AdminConsentImportController(
        recorder: services.recorder, store: services.store, vault: services.directory.importVault, catalog: catalog
    ).register(on: groups.admin)
    let sealer = services.preferenceLinks.unsubscribe
    UnsubscribeLinkController(catalog: catalog, sealer: sealer, publicURL: services.settings.publicURL)
        .register(on: groups.consentsWrite)
    UnsubscribeController(
        recorder: services.recorder, store: services.store, catalog: catalog, sealer: sealer, addresses: addresses
    ).register(on: groups.open)
}
