import AccordCore
import Foundation

/// Where a request's law and dates come from. The deadline tables are the `datamap` branch's; until they are merged
/// this answers no law and no dates, and everything else works.
struct RequestDeadlineSource: Sendable {
    /// The law, acknowledgement date and due date of a request received at `receivedAt`.
    func initial(type: RequestType, jurisdiction: String, receivedAt: Date, holidays: [String]) -> (
        law: String?, acknowledgeBy: Date?, dueAt: Date?
    ) {
        (nil, nil, nil)
    }

    /// The extended due date, or the refusal's message when the law allows no (further) extension now.
    func extended(_ request: PrivacyRequest, at time: Date, holidays: [String]) -> Result<Date, RequestError> {
        .failure(RequestError(.extensionRefused, field: nil, "the law that applies to this request allows no extension"))
    }
}
