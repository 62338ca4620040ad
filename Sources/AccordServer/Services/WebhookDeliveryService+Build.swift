import AccordCore
import Foundation
import Logging

extension WebhookDeliveryService {
    /// The service `accord serve` runs beside the HTTP server: the real transport and resolver, the settings'
    /// address rule and clock (real time unless `webhooks.testClockRate` says otherwise), and `names` for the
    /// clear subject ids (the vault, once there is one); its workers give way to busy consent writes for at most
    /// `webhooks.yieldToWritesSeconds`.
    public static func make(
        services: AccordServices, logger: Logger, names: any SubjectNameResolver = NoSubjectNames()
    ) -> WebhookDeliveryService {
        let settings = services.settings
        let clock = ScaledClock(
            rate: settings.webhookClockRate, epoch: settings.webhookClockEpoch.map(Date.init(timeIntervalSince1970:)) ?? Date())
        var sender = WebhookSender(
            transport: HTTPWebhookTransport(), resolver: names, hosts: services.hostResolver,
            secrets: services.webhookSecrets,
            rule: settings.webhookURLRule, log: services.store)
        sender.metrics = services.metrics.outbox
        let yield =
            settings.webhookYieldSeconds > 0
            ? DeliveryYield(load: services.metrics.writeLoad, maximum: .milliseconds(Int64(settings.webhookYieldSeconds * 1000))) : nil
        return WebhookDeliveryService(
            store: services.store, sender: sender, clock: clock, logger: logger, yield: yield)
    }
}
