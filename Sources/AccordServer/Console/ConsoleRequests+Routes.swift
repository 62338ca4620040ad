import AccordCore
import Foundation

extension AccordServices {
    /// Registers the console's request pages on the same desk and fulfilment as the admin API's.
    func registerConsoleRequestRoutes(groups: RouteGroups, forms: ConsoleForms) {
        let desk = requestDesk(now: now)
        ConsoleRequestsController(
            desk: desk, fulfilment: requestFulfilment(desk: desk), configuration: store,
            forms: forms
        ).register(reading: groups.consoleSubjects, acting: groups.consoleRequests)
        ConsoleTasksController(answers: connectorAnswers(), configuration: store, forms: forms)
            .register(reading: groups.consoleSubjects, acting: groups.consoleRequests)
    }
}
