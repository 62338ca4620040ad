import AccordCore
import Foundation

/// The forms' routes: the admin API, and submissions and reads for apps and the SDK.
func registerFormRoutes(
    groups: RouteGroups, services: AccordServices, editor: ConfigurationEditor, addresses: ClientAddressResolver,
    catalog: PropertyCatalog, own: OwnOrigin
) {
    let settings = services.settings
    AdminFormsController(editor: editor, forms: services.store, now: services.now).register(on: groups.admin)
    let revocations = FormRevocationRecorder(
        recorder: services.recorder, forms: services.store, directory: services.directory, mail: services.mailQueue)
    let guardians = services.mailQueue.map { mail in
        FormGuardianDesk(
            recorder: services.recorder, directory: services.directory, links: GuardianLinkSealer(services.contactConfirmations),
            mail: mail)
    }
    AdminFormRevocationsController(editor: editor, revocations: revocations, now: services.now).register(on: groups.admin)
    FormSubmissionsController(
        recorder: services.recorder, forms: services.store, directory: services.directory,
        limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst), addresses: addresses,
        mail: services.mailQueue, guardians: guardians
    ).register(writes: groups.browserWrites, reads: groups.browserReads)
    FormPageController(
        recorder: services.recorder, catalog: catalog, forms: services.store, directory: services.directory,
        limiter: RateLimiter(perMinute: settings.consentsPerMinute, burst: settings.consentsBurst), addresses: addresses,
        own: own, formTokens: services.formTokens, secureCookies: settings.publicURL.hasPrefix("https:"), mail: services.mailQueue,
        guardians: guardians, guardianLinks: GuardianLinkSealer(services.contactConfirmations)
    ).register(on: groups.open)
}
