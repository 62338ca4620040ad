import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The signed-in console: each route is registered in the group of the capability it needs, so its handler takes
/// that group's context and cannot run for a role without it. Every change goes through the same code as the API
/// (`ConfigurationEditor`, `ConsoleAccounts`) and is audited under the user's address.
struct ConsoleController {
    let accounts: ConsoleAccounts
    let forms: ConsoleForms
    let editor: ConfigurationEditor
    let reports: ConsoleReports
    let chains: any ChainReader
    let publicURL: String
    var pages = PageRenderer.shared

    func register(
        viewing: RouterGroup<ConsoleViewContext>, configuring: RouterGroup<ConsoleConfigureContext>,
        administering: RouterGroup<ConsoleAdministerContext>
    ) {
        viewing.get("/console", use: dashboard)
        viewing.get("/console/report.csv", use: reportCSV)
        viewing.post("/console/logout", use: signOut)
        viewing.get("/console/properties", use: firstProperty)
        viewing.get("/console/properties/:property", use: configuration)
        viewing.get("/console/audit", use: audit)
        viewing.post("/console/audit/verify", use: verify)
        configuring.post("/console/properties/:property/purposes/:purpose", use: savePurpose)
        configuring.post("/console/properties/:property/publish", use: publish)
        administering.get("/console/users", use: users)
        administering.post("/console/users", use: createUser)
    }

    private func chrome<Need: ConsoleNeed>(_ context: ConsoleRequestContext<Need>, _ current: String) -> ConsolePage.Chrome {
        .make(user: context.user, csrf: forms.token(for: context.session), current: current)
    }

    private func render(_ model: ConsolePage.Model, status: HTTPResponse.Status = .ok) -> Response {
        HTML.response(pages.render(ConsolePage.View(model: model)), status: status)
    }

    // MARK: Dashboard

    @Sendable func dashboard(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let (property, properties, days) = try await reportQuery(request)
        let report = try await reports.report(of: property, days: days)
        return render(
            .dashboardPage(report: report, property: property, properties: properties, days: days, chrome: chrome(context, "/console")))
    }

    @Sendable func reportCSV(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let (property, _, days) = try await reportQuery(request)
        let report = try await reports.report(of: property, days: days)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"accord-\(property.id.rawValue)-\(days)d.csv\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: report.csv)))
    }

    /// The property (`?property=`, else the first) and period (`?days=` of 7, 30, 90, else 30) a report is for.
    private func reportQuery(_ request: Request) async throws -> (Property, [Property], Int) {
        let properties = try await editor.store.properties().filter { !$0.isArchived }
        let wanted = request.uri.queryParameters["property"].map(String.init)
        guard let property = properties.first(where: { $0.id.rawValue == wanted }) ?? (wanted == nil ? properties.first : nil)
        else { throw ConsoleRefusal.notFound }
        let days = request.uri.queryParameters["days"].flatMap { Int($0) }.flatMap { ConsolePage.periods.contains($0) ? $0 : nil } ?? 30
        return (property, properties, days)
    }

    // MARK: Signing out

    @Sendable func signOut(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        try await accounts.signOut(context.session)
        return Response(
            status: .seeOther, headers: [.location: "/console/login", .cacheControl: "no-store", .setCookie: forms.cookie.clearing])
    }

    // MARK: Configuration

    @Sendable func firstProperty(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        guard let first = try await editor.store.properties().first(where: { !$0.isArchived }) else { throw ConsoleRefusal.notFound }
        return Response(status: .seeOther, headers: [.location: "/console/properties/\(first.id.rawValue)"])
    }

    @Sendable func configuration(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        let property = try await loadProperty(context.parameters.get("property"))
        let warned = request.uri.queryParameters["warned"] != nil ? " " + property.publishWarnings.joined(separator: " ") : ""
        let published = request.uri.queryParameters["published"].map { "Published as policy version \($0).\(warned)" }
        let saved = request.uri.queryParameters["saved"].map { "Saved \($0). Publish to show it to visitors." }
        return render(
            try await configurationModel(property, context: context, notice: published ?? saved))
    }

    private func configurationModel<Need: ConsoleNeed>(
        _ property: Property, context: ConsoleRequestContext<Need>, draft: ConsolePage.PurposeDraft? = nil,
        notice: String? = nil, alert: String? = nil
    ) async throws -> ConsolePage.Model {
        .configurationPage(
            property: property, properties: try await editor.store.properties().filter { !$0.isArchived },
            published: property.currentPolicyVersion > 0
                ? try await editor.store.policyVersion(property.currentPolicyVersion, of: property.id) : nil,
            unpublished: try await editor.hasUnpublishedChanges(property), canEdit: context.user.role.grants(.configure),
            csrf: forms.token(for: context.session), chrome: chrome(context, "/console/properties"), draft: draft, notice: notice,
            alert: alert)
    }

    @Sendable func savePurpose(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let id = try await loadProperty(context.parameters.get("property")).id
        let key = PurposeKey(rawValue: context.parameters.get("purpose") ?? "")
        let name = form["name"]?.first ?? ""
        let description = form["description"]?.first ?? ""
        let vendors = form["vendors"]?.first ?? ""
        let etag = form["etag"]?.first ?? ""
        do {
            try await editor.change(
                id, by: context.actor, action: "purpose.update", target: key.rawValue,
                precondition: { before in
                    guard PropertyTag.of(before) == etag else { throw StoreError.concurrentChange(id) }
                }
            ) { property in
                guard let index = property.purposes.firstIndex(where: { $0.key == key }) else { throw ConsoleRefusal.notFound }
                property.purposes[index].name = name.trimmingCharacters(in: .whitespacesAndNewlines)
                property.purposes[index].description = description.trimmingCharacters(in: .whitespacesAndNewlines)
                if form["vendorsShown"] != nil {
                    property.purposes[index].vendors = vendors.split(whereSeparator: \.isNewline)
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                // Only a form that showed the Consent Mode checkboxes changes the mapping (an unchecked box sends nothing).
                if form["consentModeShown"] != nil {
                    let signals = ConsentModeType.allCases.filter { (form["consentMode"] ?? []).contains($0.rawValue) }
                    property.consentMode[key] = signals.isEmpty ? nil : signals
                }
            }
        } catch let error as ConfigurationError {
            let field =
                error.field?.contains(".vendors") == true ? "vendors" : error.field?.hasSuffix("description") == true ? "description" : "name"
            let draft = ConsolePage.PurposeDraft(
                key: key, name: name, description: description, vendors: vendors, field: field, message: error.message)
            return render(
                try await configurationModel(try await loadProperty(id.rawValue), context: context, draft: draft),
                status: .unprocessableContent)
        } catch StoreError.concurrentChange {
            let current = try await loadProperty(id.rawValue)
            let alert =
                "Someone else changed this property after you opened the page. Their version is shown below; yours was "
                + "not saved. What you sent for \(key.rawValue): name “\(name)”, description “\(description)”."
            return render(try await configurationModel(current, context: context, alert: alert), status: .conflict)
        }
        return Response(
            status: .seeOther, headers: [.location: "/console/properties/\(id.rawValue)?saved=\(key.rawValue)", .cacheControl: "no-store"])
    }

    @Sendable func publish(_ request: Request, context: ConsoleConfigureContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let property = try await loadProperty(context.parameters.get("property"))
        do {
            let version = try await editor.publish(property.id, by: context.actor)
            // Publishing goes ahead; what it warns about (no privacy policy) is said on the page it lands on.
            let warned = property.publishWarnings.isEmpty ? "" : "&warned=1"
            return Response(
                status: .seeOther,
                headers: [
                    .location: "/console/properties/\(property.id.rawValue)?published=\(version.version)\(warned)", .cacheControl: "no-store",
                ])
        } catch let error as ConfigurationError {
            return render(
                try await configurationModel(property, context: context, alert: "Not published: \(error.description)"),
                status: .unprocessableContent)
        }
    }

    private func loadProperty(_ id: String?) async throws -> Property {
        guard let id, let property = try await editor.store.property(PropertyID(rawValue: id)) else { throw ConsoleRefusal.notFound }
        return property
    }

    // MARK: Audit

    @Sendable func audit(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        render(try await auditModel(context, report: nil))
    }

    @Sendable func verify(_ request: Request, context: ConsoleViewContext) async throws -> Response {
        _ = try await forms.fields(of: request, context: context)
        let report = try await StoreAudit.run(chains)
        return render(try await auditModel(context, report: report))
    }

    private func auditModel(_ context: ConsoleViewContext, report: StoreAudit.Report?) async throws -> ConsolePage.Model {
        var entries: [StoredAuditEntry] = []
        for property in try await editor.store.properties() {
            entries += try await editor.store.auditEntries(of: property.id, before: nil, limit: 50)
        }
        entries.sort { $0.entry.recordedAt > $1.entry.recordedAt }
        return .auditPage(
            entries: Array(entries.prefix(50)), verification: report.map { ConsolePage.verification(of: $0, checkedAt: accounts.now()) },
            csrf: forms.token(for: context.session), chrome: chrome(context, "/console/audit"))
    }

    // MARK: Users

    @Sendable func users(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        render(
            .usersPage(
                try await accounts.users(), csrf: forms.token(for: context.session), chrome: chrome(context, "/console/users"), now: accounts.now()))
    }

    @Sendable func createUser(_ request: Request, context: ConsoleAdministerContext) async throws -> Response {
        let form = try await forms.fields(of: request, context: context)
        let email = form["email"]?.first ?? ""
        let role = ConsoleRole(rawValue: form["role"]?.first ?? "") ?? .editor
        let csrf = forms.token(for: context.session)
        do {
            let created = try await accounts.create(email: email, role: role, password: nil, by: context.actor)
            let link = "\(publicURL)/console/setup?token=\(created.setupToken ?? "")"
            var response = render(
                .usersPage(
                    try await accounts.users(), csrf: csrf, chrome: chrome(context, "/console/users"), now: accounts.now(),
                    created: .init(email: created.user.email, link: link)))
            response.headers[.referrerPolicy] = "no-referrer"
            return response
        } catch let refusal as ConsoleAccounts.Refusal {
            return render(
                .usersPage(
                    try await accounts.users(), csrf: csrf, chrome: chrome(context, "/console/users"), now: accounts.now(),
                    emailValue: email, roleValue: role, emailError: refusal.message), status: .unprocessableContent)
        }
    }
}

/// The dashboard's figures and the report API's, read from the aggregated counters (`ReportCounters`): a few
/// rows per day of the period, whatever the size of the log.
struct ConsoleReports: Sendable {
    let counters: any ReportCounters
    let configuration: any ConfigurationStore
    let now: @Sendable () -> Date

    /// The UTC day it is.
    func today() -> Int { ReportDay.of(now()) }

    /// The `days` days ending today.
    func report(of property: Property, days: Int) async throws -> ConsentReport {
        try await report(of: property, period: ConsentReport.period(dayCount: days, endingAt: now()))
    }

    func report(of property: Property, period: ClosedRange<Int>) async throws -> ConsentReport {
        async let choices = counters.choiceTallies(of: property.id, days: period)
        async let impressions = counters.impressionTallies(of: property.id, days: period)
        return ConsentReport.make(property: property, choices: try await choices, impressions: try await impressions, days: period)
    }
}
