import AccordCore
import Foundation

extension RequestPage {
    /// One choice of the type list.
    struct Option: Hashable, Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// A field's error, shown above the form (linked to the field) and beside it.
    struct FieldError: Hashable, Sendable {
        var field: String
        var message: String
    }

    /// What the form shows: the texts, the values typed so far (after an error) and the errors.
    struct FormModel: Hashable, Sendable {
        var locale: String
        var texts: RequestPageTexts
        var propertyName: String
        var action: String
        var csrf: String
        var types: [Option]
        var email: String
        var jurisdiction: String
        var details: String
        var correctionField: String
        var correctionValue: String
        var errors: [FieldError]
        var emailError: String?
        var jurisdictionError: String?
        var typeError: String?
        var detailsError: String?
        var correctionError: String?
        /// Stored, not computed: templates see stored fields only.
        var hasErrors: Bool

        static func make(
            property: Property, locale: String?, csrf: String, values: [String: String] = [:], errors: [FieldError] = []
        ) -> FormModel {
            let texts = RequestPageTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
            let chosen = values["type"] ?? RequestType.access.rawValue
            func error(_ fields: String...) -> String? { errors.first { fields.contains($0.field) }?.message }
            return FormModel(
                locale: texts.locale, texts: texts, propertyName: property.name,
                action: "/p/\(property.id.rawValue)/requests" + (locale.map { "?locale=\($0)" } ?? ""), csrf: csrf,
                types: RequestType.allCases.map {
                    Option(value: $0.rawValue, label: texts.types[$0] ?? $0.rawValue, selected: $0.rawValue == chosen)
                },
                email: values["email"] ?? "", jurisdiction: values["jurisdiction"] ?? "", details: values["details"] ?? "",
                correctionField: values["correctionField"] ?? "", correctionValue: values["correctionValue"] ?? "", errors: errors,
                emailError: error("email"), jurisdictionError: error("jurisdiction"), typeError: error("type", "scope"),
                detailsError: error("details"), correctionError: error("correction", "correction.field", "correction.value"),
                hasErrors: !errors.isEmpty)
        }
    }

    /// What a request's status page shows: no personal data, only the case's state, and the code step while it waits.
    struct StatusModel: Hashable, Sendable {
        struct PointKind: Hashable, Sendable {
            var value: String
            var label: String
        }

        var locale: String
        var texts: RequestPageTexts
        var propertyName: String
        var id: String
        var status: String
        var dueAt: String?
        var askCode: Bool
        /// The second data point is asked with the code (the type needs it) or on its own (the code was accepted).
        var withDataPoint: Bool = false
        var askDataPoint: Bool = false
        var waitingForOperator: Bool = false
        var pointTexts: RequestDataPointTexts = .english
        var pointKinds: [PointKind] = []
        var verifyAction: String
        var resendAction: String
        var csrf: String
        var notice: String?
        var error: String?

        static func make(
            _ request: PrivacyRequest, property: Property, locale: String?, csrf: String, now: Date, notice: String? = nil,
            error: String? = nil
        ) -> StatusModel {
            // The due date the privacy team sees (`PrivacyRequest.datedAt`): moved on while the clock is stopped.
            let request = request.datedAt(now, calendar: property.deadlineCalendar)
            let texts = RequestPageTexts.resolve(requested: locale, defaultLocale: property.defaultLocale)
            let base = "/p/\(property.id.rawValue)/requests/\(request.id)"
            let query = locale.map { "?locale=\($0)" } ?? ""
            let zone = property.deadlineCalendar.timeZone
            var model = StatusModel(
                locale: texts.locale, texts: texts, propertyName: property.name, id: request.id,
                status: texts.statuses[request.status] ?? request.status.rawValue,
                dueAt: request.effectiveDueAt.map { LocalDate($0, in: zone).description },
                askCode: request.status == .verifying && request.verification == nil, verifyAction: base + "/verify" + query,
                resendAction: base + "/resend" + query, csrf: csrf, notice: notice, error: error)
            let needsPoint = request.requiredStrength == .reasonablyHigh
            model.withDataPoint = model.askCode && needsPoint
            model.askDataPoint = needsPoint && request.verificationNext == "dataPoint"
            model.waitingForOperator = request.verificationNext == "operator"
            model.pointTexts = RequestDataPointTexts.resolve(texts)
            model.pointKinds = model.pointTexts.options.map { PointKind(value: $0.value, label: $0.label) }
            return model
        }
    }
}
