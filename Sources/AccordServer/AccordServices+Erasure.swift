import AccordCore

extension AccordServices {
    /// The erasure of Accord's own data for deletion requests (issue 13 §6), on `desk` (the console's clock for the
    /// API). What a connector run calls as the "Accord" system of a deletion.
    func accordDataEraser(desk: RequestDesk) -> AccordDataEraser {
        AccordDataEraser(store: store, pseudonymizer: requestKit.pseudonymizer, directory: directory, desk: desk)
    }

    /// What completing a request does to Accord's own data: opt-outs recorded, deletions erased.
    func requestFulfilment(desk: RequestDesk) -> RequestFulfilment {
        RequestFulfilment(recorder: recorder, directory: directory, desk: desk, eraser: accordDataEraser(desk: desk))
    }
}
