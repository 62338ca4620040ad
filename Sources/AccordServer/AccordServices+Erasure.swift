import AccordCore
import Logging

extension AccordServices {
    /// The erasure of Accord's own data for deletion requests (issue 13 §6), on `desk` (the console's clock for the
    /// API). What a connector run calls as the "Accord" system of a deletion.
    func accordDataEraser(desk: RequestDesk) -> AccordDataEraser {
        AccordDataEraser(store: store, pseudonymizer: requestKit.pseudonymizer, directory: directory, desk: desk)
    }

    /// What completing a request does to Accord's own data: opt-outs recorded, deletions erased.
    func requestFulfilment(desk: RequestDesk) -> RequestFulfilment {
        var fulfilment = RequestFulfilment(recorder: recorder, directory: directory, desk: desk, eraser: accordDataEraser(desk: desk))
        // An access or portability request completed by hand gets its package's link as a connector run's does
        // (RequestPackages.send sends it once per request). Made when used: the packages read the connectors, whose
        // fulfilment completes deletions through this one.
        fulfilment.packageStep = { request in
            let now = desk.now
            try await requestPackages(fulfilment: connectorFulfilment(now: now, logger: Logger(label: "accord.fulfilment")), now: now)
                .send(request)
        }
        return fulfilment
    }
}
