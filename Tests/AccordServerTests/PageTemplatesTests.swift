import AccordCore
import Foundation
import Testing

@testable import AccordServer

/// The page templates: embedded as they are in web/templates/, parsed, and escaping everything they show.
@Suite struct PageTemplatesTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("web/templates")

    @Test func embeddedTemplatesAreTheRepositoryFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".mustache") }
        var sources: [String: String] = [:]
        for file in files {
            sources[String(file.dropLast(".mustache".count))] = try String(
                contentsOf: Self.directory.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(sources == WebTemplates.sources, "run scripts/embed-web.sh after editing web/templates")
    }

    @Test func everyPageHasItsTemplateAndEveryTemplateItsPage() throws {
        #expect(
            Set(WebTemplates.sources.keys) == Set(PageTemplate.allCases.map(\.rawValue) + MailTemplate.allCases.map(\.rawValue)))
        _ = try PageRenderer(sources: WebTemplates.sources)
        _ = try MailRenderer(sources: WebTemplates.sources)
    }

    /// `{{{x}}}` and `{{&x}}` print unescaped, and a `{{%CONTENT_TYPE}}` pragma could turn escaping off.
    @Test(arguments: PageTemplate.allCases)
    func templatesNeverPrintUnescaped(template: PageTemplate) throws {
        let source = try #require(WebTemplates.sources[template.rawValue])
        #expect(!source.contains(#/\{\{\s*[{&%=]/#), "\(template.rawValue)")
    }

    /// Every name in a template is a field of its view or model: a misspelt one would silently render nothing.
    @Test func templatesNameOnlyWhatTheirViewHas() throws {
        let row = PreferencesPage.Model.PurposeRow(
            key: "k", inputID: "i", name: "n", description: "d", checked: true, disabled: true, alwaysOn: "a", vendors: "v")
        var asking = DemoProperty.make()
        asking.controller = DataController(name: "n", contact: "c@example.org")
        asking.privacyPolicyURLs = ["en": "https://example.org/privacy"]
        let preferences = PreferencesPage.Model(
            locale: "en", title: "t", propertyName: "p", description: "d", savedNotice: "s",
            sdk: .init(property: "p", locale: "en", visitor: "v", formToken: "f"), action: "/", holderField: "visitor",
            holderValue: "v", formToken: "f", purposes: [row], saveLabel: "s", withdrawLabel: "w", historyHeading: "h",
            history: ["h"], frameAncestors: .none,
            channels: [.init(heading: "E-mail", rows: [row], unsubscribeValue: "unsubscribe:email", unsubscribeLabel: "u")],
            notice: Notice(property: asking, locale: "en"))
        let views: [PageTemplate: any PageView] = [
            .preferences: PreferencesPage.View(model: preferences),
            .problem: ProblemPage.View(model: .make(.linkExpired, property: DemoProperty.make(), locale: "fr")),
            .demo: DemoPage.View(model: .make(region: "DE")),
            .demoVideo: DemoPage.VideoView(),
            .contact: ContactPage.View(model: .make(property: DemoProperty.make(), locale: "de", token: "t")),
            .console: ConsolePage.View(model: Self.everyConsoleSection()),
            .consolePreview: ConsolePreviewPage.View(model: .init(property: "demo", name: "Demo", locale: "en", region: "DE")),
            .form: FormPage.View(model: Self.everyFormSection()),
            .unsubscribe: UnsubscribePage.View(
                model: .make(PreferenceKey(channel: .email, topic: "news"), property: DemoProperty.make(), locale: "de", action: "/", done: false)),
            .requestForm: RequestPage.FormView(
                model: .make(
                    property: DemoProperty.make(), locale: "de", csrf: "c", values: ["email": "x"],
                    errors: [.init(field: "email", message: "m")])),
            .requestStatus: RequestPage.StatusView(
                model: .make(
                    PrivacyRequest(
                        id: PrivacyRequest.newID(), property: "demo", type: .access, scope: .categories, channel: .web,
                        jurisdiction: "DE", law: nil, requester: SubjectKey(bytes: Array(repeating: 1, count: 32))!, sealed: nil,
                        hasAgent: false, receivedAt: Date(), createdAt: Date()),
                    property: DemoProperty.make(), locale: nil, csrf: "c", now: Date(), notice: "n", error: "e")),
        ]
        for template in PageTemplate.allCases {
            let view = try #require(views[template])
            let known = Self.labels(of: view)
            let source = try #require(WebTemplates.sources[template.rawValue])
            // {{name}}, {{#name}}, {{^name}}, {{/name}}; `.` and the sequence transforms such as `last()` aside.
            let names = source.matches(of: #/\{\{\s*[#^/]?\s*([A-Za-z]\w*)\s*\}\}/#).map { String($0.output.1) }
            for name in names {
                #expect(known.contains(name), "web/templates/\(template.rawValue).mustache names \(name)")
            }
            let page = PageRenderer.shared.render(view).text
            #expect(page.hasPrefix("<!doctype html>\n") && page.hasSuffix("</html>\n"), "\(template.rawValue)")
        }
    }

    static func labels(of value: Any) -> Set<String> {
        Mirror(reflecting: value).children.reduce(into: Set<String>()) { labels, child in
            if let label = child.label { labels.insert(label) }
            labels.formUnion(Self.labels(of: child.value))
        }
    }

    /// A form page with every section filled (problems, items of every kind, guardian, HIPAA, receipt).
    static func everyFormSection() -> FormPage.Model {
        var choice = FormPage.Item(key: "k", inputID: "i", label: "l", description: "d", attestation: "a", required: true)
        choice.isChoice = true
        choice.error = "e"
        var field = choice
        field.isField = true
        var signature = choice
        signature.isSignature = true
        return FormPage.Model(
            locale: "en", title: "t", intro: "i", propertyName: "p", action: "/", visitor: "v", formToken: "f", version: 1,
            items: [choice, field, signature], problems: [.init(inputID: "i", message: "m")], hasProblems: true,
            problemsHeading: "p", submitLabel: "s",
            guardian: .init(heading: "g", hint: "h", nameLabel: "n", emailLabel: "e", name: "n", email: "e"),
            copy: .init(label: "c", value: ""), hipaa: .init(heading: "h", entries: [.init(term: "t", text: "x")]),
            receipt: .init(
                heading: "h", message: "m", eventLabel: "e", versionLabel: "v", timeLabel: "t", receiptLabel: "r", printHint: "p",
                eventID: "e", formVersion: "f", recordedAt: "r", token: "t"))
    }

    /// A console model with every section and optional field filled, so every name the template uses is seen.
    static func everyConsoleSection() -> ConsolePage.Model {
        let user = ConsoleUser(id: .make(), email: "o@example.org", role: .owner, passwordHash: nil, createdAt: Date(), createdBy: "t")
        let chrome = ConsolePage.Chrome.make(user: user, csrf: "c", current: "/console")
        let property = DemoProperty.make()
        let report = ConsentReport.make(property: property, events: [], dayCount: 7, now: Date())
        var model = ConsolePage.Model.dashboardPage(report: report, property: property, properties: [property], days: 7, chrome: chrome)
        model.dashboard?.regions = [.init(region: "DE", choices: 1)]
        model.notice = "n"
        model.alert = "a"
        model.message = ConsolePage.Model.messagePage(title: "t", text: "x").message
        model.login = ConsolePage.Login(csrf: "c", email: "e")
        model.setup = ConsolePage.Setup(csrf: "c", token: "t", email: "e", passwordError: "p", confirmationError: "c")
        model.configuration =
            ConsolePage.Model.configurationPage(
                property: property, properties: [property], unpublished: true, canEdit: true, csrf: "c", chrome: chrome,
                draft: .init(key: "analytics", name: "n", description: "d", field: "name", message: "m")
            ).configuration
        model.configuration?.purposes[0].descriptionError = "d"
        let entry = StoredAuditEntry(
            entry: AuditEntry(property: "demo", actor: "a", action: "x", target: "t", before: nil, after: nil, at: Date()),
            sequence: 1, link: ChainLink(chain: "config/demo", position: 1, previousHash: "", hash: ""))
        model.audit =
            ConsolePage.Model.auditPage(
                entries: [entry], verification: .init(style: "notice", summary: "s"), csrf: "c", chrome: chrome
            ).audit
        model.users =
            ConsolePage.Model.usersPage(
                [user], csrf: "c", chrome: chrome, now: Date(), created: .init(email: "e", link: "l"), emailError: "e"
            ).users
        model.keys =
            ConsolePage.Model.keysPage(
                [APIKey.generate(name: "n", scopes: [.admin], at: Date()).key], csrf: "c", chrome: chrome, now: Date(),
                created: .init(name: "n", token: "t"), scopesError: "s", expiresError: "x"
            ).keys
        model.subjects =
            ConsolePage.Model.subjectsPage(
                properties: [property], selected: property.id, csrf: "c", chrome: chrome, subject: "s", subjectError: "e",
                state: nil, events: [], property: property, now: Date()
            ).subjects
        model.subjects?.found = true
        model.subjects?.states = [.init(purpose: "p", status: "granted", since: "s", version: "1")]
        model.subjects?.events = [.init(time: "t", source: "banner", choices: "c", version: "1", id: "i")]
        model.account =
            ConsolePage.Model.accountPage(
                user: user, csrf: "c", chrome: chrome, offer: .init(typed: "t", url: "u", pending: "p", codeError: "e")
            ).account
        model.account?.enrolled = true
        model.account?.required = true
        let endpoint = WebhookEndpoint(
            id: "wh_1", property: property.id, url: "https://h.example/x", events: [.consentRecorded], description: "d", status: .active,
            secret: [1], previousSecretExpiresAt: Date(), createdAt: Date(), updatedAt: Date())
        model.webhooks =
            ConsolePage.Model.webhooksPage(
                property: property, properties: [property], endpoints: [endpoint], canEdit: true, csrf: "c", chrome: chrome,
                secret: .init(url: "u", secret: "s"), draft: .init(url: "u", events: [], description: "d", field: "url", message: "m")
            ).webhooks
        model.webhooks?.eventsError = "e"
        model.webhooks?.descriptionError = "d"
        let attempt = DeliveryAttempt(
            sequence: 1, messageID: "m", type: "webhook.test", destination: "wh_1", number: 1,
            report: AttemptReport(at: Date(), statusCode: 200, error: nil, latencyMilliseconds: 3), nextAttemptAt: nil)
        model.webhook =
            ConsolePage.Model.webhookPage(
                endpoint, attempts: [attempt], canEdit: true, csrf: "c", chrome: chrome, notice: "n", secret: "s", sinceValue: "v",
                sinceError: "e"
            ).webhook
        let policy = PolicyVersion.initial(of: property, at: Date())
        let audit = StoreAudit.Report(eventCount: 1, auditEntryCount: 1, chainFailure: nil, stateMismatches: 0)
        model.auditReport =
            ConsolePage.Model.auditReportPage(
                property: property, period: 1...2, policies: [policy], report: report,
                heads: [ChainHead(chain: "demo/0", position: 1, hash: "h")], verification: audit, changes: [entry],
                generatedAt: Date(), generatedBy: "t", chrome: chrome, formAction: "/f"
            ).auditReport
        model.texts =
            ConsolePage.Model.textsPage(
                property: property, locale: "de", published: policy, canEdit: true, csrf: "c", chrome: chrome, field: "title",
                message: "m"
            ).texts
        var request = RequestView(
            PrivacyRequest(
                id: "req_1", property: "demo", type: .deletion, scope: nil, channel: .web, jurisdiction: "US-CA", law: "ccpa",
                requester: SubjectKey(bytes: Array(repeating: 1, count: 32))!, sealed: nil, hasAgent: true, receivedAt: Date(),
                createdAt: Date()),
            details: RequestDetails(
                email: "e@example.org", details: "d", correction: .init(field: "f", value: "v"),
                agent: .init(name: "n", email: "a@example.org", authorization: "a")),
            timeline: nil, now: Date(), calendar: DeadlineCalendar())
        request.dueAt = Date()
        request.extendedDueAt = Date()
        request.verification = .init(method: "operator", strength: "reasonablyHigh", by: "u", reason: "r", powerOfAttorney: true, at: Date())
        request.notes = [.init(id: "note_1", author: "u", text: "t", at: Date())]
        request.timeline = [.init(action: "request.received", actor: "u", at: Date(), from: "verifying", detail: ["k": "v"])]
        model.requests =
            ConsolePage.Model.requestsPage(
                property: property, properties: [property], requests: [request], filter: RequestFilter(), lawValue: "l",
                assigneeValue: "a", errors: ["status": "s", "type": "t", "law": "l", "assignee": "a"], nextHref: "/n", chrome: chrome
            ).requests
        model.request =
            ConsolePage.Model.requestPage(request, canAct: true, csrf: "c", chrome: chrome, notice: nil).request
        model.request?.assigneeError = "e"
        model.request?.noteError = "e"
        model.request?.toError = "e"
        model.request?.reasonError = "e"
        model.request?.exemptionError = "e"
        model.request?.extendError = "e"
        model.request?.verifyError = "e"
        let task = ConnectorTask(
            request: "req_1", requestType: "access", requestStatus: "inProgress", dueAt: Date(), system: "ledger", systemName: "Ledger",
            assignee: "a@example.org", instructions: "i", status: "open", wantsResult: true, reason: "r", answeredBy: "u", answeredAt: Date())
        model.tasks =
            ConsolePage.Model.tasksPage(
                property: property, properties: [property], tasks: [task], user: "a@example.org", onlyMine: true, chrome: chrome, notice: nil
            ).tasks
        model.task = ConsolePage.Model.taskPage(task, property: property, csrf: "c", canAct: true, chrome: chrome).task
        model.task?.confirmedError = "e"
        model.task?.resultError = "e"
        model.task?.fileError = "e"
        model.task?.formError = "e"
        var drafted = property
        drafted.purposes[0].name = "Renamed"
        drafted.texts["en"] = ["title": "Drafted"]
        let first = PolicyVersion(publishing: property, version: 1, previous: nil, at: Date(), by: "t")
        let next = PolicyVersion(publishing: drafted, version: 2, previous: first, at: Date(), by: "t")
        model.versions =
            ConsolePage.Model.versionsPage(
                property: property, versions: [first], from: first, to: next, fromText: "1", toText: "draft", chrome: chrome
            ).versions
        model.versions?.fromError = "f"
        model.versions?.toError = "t"
        var ruled = property
        ruled.regionRules.rules[0].purposeDefaults = ["analytics": .granted]
        model.regions =
            ConsolePage.Model.regionsPage(
                property: ruled, canEdit: true, csrf: "c", chrome: chrome,
                errors: ["order.0": "o", "regions.0": "r", "regime.0": "g", "regulation.0": "l"]
            ).regions
        model.noticeForm =
            ConsolePage.Model.noticePage(
                property: property, canEdit: true, csrf: "c", chrome: chrome,
                errors: ["controllerName": "n", "controllerContact": "c", "policy.en": "p"]
            ).noticeForm
        var purpose = ConsolePage.Model(title: "t")
        purpose.settingsForm = ConsolePage.SettingsForm(
            csrf: "c", etag: "e", action: "/", canEdit: true, backHref: "/", introduction: "i",
            groups: PurposeFormFields.groups(
                property: property, purpose: property.purposes.first, form: nil, errors: ["name": "n", "legalBasis": "b"], adding: true),
            submitLabel: "s", actions: [.init(action: "/r", label: "r", explanation: "e")])
        model.settingsForm = purpose.settingsForm
        return model
    }
}
