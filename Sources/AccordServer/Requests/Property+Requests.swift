import AccordCore

extension Property {
    /// The holidays (`YYYY-MM-DD`) business-day deadlines skip for this property. Stored per property once the
    /// deadline tables land; none until then (weekends are always skipped).
    var requestHolidays: [String] { [] }
}
