import AccordCore
import Foundation
import HTTPTypes
import Hummingbird

/// The printable audit report, by admin API (`GET /v1/admin/properties/{property}/audit/report?from=&to=`, HTML)
/// and in the console (`GET /console/audit/report`, for every role): the same page, the console's with its
/// navigation, which printing leaves out.
struct AuditReportController {
    let audits: AuditReports
    let forms: ConsoleForms
    let now: @Sendable () -> Date
    var pages = PageRenderer.shared

    func register(admin: RouterGroup<AdminRequestContext>, viewing: RouterGroup<ConsoleViewContext>) {
        admin.get("/v1/admin/properties/:property/audit/report", use: adminReport)
        viewing.get("/console/audit/report", use: consoleReport)
    }

    @Sendable func adminReport(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let raw = try context.parameters.require("property")
        guard let property = try await audits.configuration.property(PropertyID(rawValue: raw)) else {
            throw APIError.propertyNotFound(raw)
        }
        let period = try AdminReportsController.period(
            from: request.uri.queryParameters["from"].map(String.init), to: request.uri.queryParameters["to"].map(String.init),
            today: ReportDay.of(now()))
        let contents = try await audits.contents(of: property, period: period)
        return page(property, period, contents, by: context.actor, chrome: nil)
    }

    @Sendable func consoleReport(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let properties = try await audits.configuration.properties().filter { !$0.isArchived }
        let query = request.uri.queryParameters
        let wanted = query["property"].map(String.init)
        guard let property = properties.first(where: { $0.id.rawValue == wanted }) ?? (wanted == nil ? properties.first : nil) else {
            throw ConsoleRefusal.notFound
        }
        let chrome = ConsolePage.Chrome.make(user: context.user, csrf: forms.token(for: context.session), current: "/console/audit")
        let today = ReportDay.of(now())
        let period: ClosedRange<Int>
        var alert: String?
        do {
            period = try AdminReportsController.period(
                from: query["from"].map(String.init).flatMap { $0.isEmpty ? nil : $0 },
                to: query["to"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }, today: today)
        } catch let error as APIError {
            alert = "The period was not understood (\(error.message)); the last 30 days are shown instead."
            period = (today - 29)...today
        }
        let contents = try await audits.contents(of: property, period: period)
        var response = page(property, period, contents, by: context.actor, chrome: chrome)
        if let alert {
            var model = model(property, period, contents, by: context.actor, chrome: chrome)
            model.alert = alert
            response = HTML.response(pages.render(ConsolePage.View(model: model)))
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }

    private func model(
        _ property: Property, _ period: ClosedRange<Int>, _ contents: AuditReports.Contents, by actor: String,
        chrome: ConsolePage.Chrome?
    ) -> ConsolePage.Model {
        .auditReportPage(
            property: property, period: period, policies: contents.policies, report: contents.report, heads: contents.heads,
            verification: contents.verification, changes: contents.changes, generatedAt: now(), generatedBy: actor, chrome: chrome,
            formAction: chrome == nil ? nil : "/console/audit/report")
    }

    private func page(
        _ property: Property, _ period: ClosedRange<Int>, _ contents: AuditReports.Contents, by actor: String,
        chrome: ConsolePage.Chrome?
    ) -> Response {
        var response = HTML.response(pages.render(ConsolePage.View(model: model(property, period, contents, by: actor, chrome: chrome))))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
