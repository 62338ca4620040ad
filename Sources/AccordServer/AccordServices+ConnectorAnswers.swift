import AccordCore
import Foundation
import Hummingbird
import Logging

extension AccordServices {
    /// One client for every webhook connector send: an async-http-client must be shut down before it goes, and a
    /// static never goes.
    static let connectorTransport = HTTPWebhookTransport()

    /// The callback tokens of webhook connectors.
    var callbackTokens: CallbackTokens {
        CallbackTokens(requestKey: requestKit.codeKey, publicURL: settings.publicURL)
    }

    /// The webhook connectors' sends, through the webhook endpoints' address rule.
    func webhookConnectorStep(desk: RequestDesk, logger: Logger) -> WebhookConnectorStep {
        WebhookConnectorStep(
            desk: desk, systems: store, secrets: webhookSecrets, rule: settings.webhookURLRule, hosts: hostResolver,
            transport: Self.connectorTransport, tokens: callbackTokens, logger: logger)
    }

    /// The answers of webhook connectors and manual tasks, on the console's clock.
    func connectorAnswers(fulfilment: ConnectorFulfilment? = nil) -> ConnectorAnswers {
        ConnectorAnswers(
            fulfilment: fulfilment ?? connectorFulfilment(now: now, logger: Logger(label: "accord.fulfilment")), desk: requestDesk(now: now),
            requests: store, systems: store, attachments: store, directory: directory, tokens: callbackTokens)
    }

    /// Registers the webhook connectors' callback (open: the token is the credential) and the manual tasks' admin API.
    /// Returns the answers, which the access package reads.
    func registerConnectorAnswerRoutes(groups: RouteGroups, editor: ConfigurationEditor, fulfilment: ConnectorFulfilment)
        -> ConnectorAnswers
    {
        let answers = connectorAnswers(fulfilment: fulfilment)
        ConnectorCallbackController(answers: answers).register(on: groups.open)
        ConnectorTasksController(answers: answers, editor: editor).register(on: groups.admin)
        return answers
    }
}
