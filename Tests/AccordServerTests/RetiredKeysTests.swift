import AccordServer
import Configuration
import Testing

/// A retired key is still accepted, with one warning line, and is no misspelling to the start's check.
@Suite struct RetiredKeysTests {
    @Test func aRetiredKeyGivesOneWarningLineAndIsStillAKnownKey() {
        let set = ConfigReader(provider: InMemoryProvider(values: ["webhooks.deliveryNice": 10]))
        #expect(
            RetiredKeys.warnings(set) == [
                "warning: webhooks.deliveryNice (WEBHOOKS_DELIVERY_NICE) is no longer used and is ignored; "
                    + "webhook delivery runs at the server's CPU priority"
            ])
        #expect(RetiredKeys.warnings(ConfigReader(provider: InMemoryProvider(values: [:]))).isEmpty)
        #expect(ConfigurationKeys.all.contains("webhooks.deliveryNice"))
        // Settings read as before: the value is not a problem that stops the start.
        #expect(ServerSettings(reader: set).problems.isEmpty)
    }
}
