import AccordCore

/// Every console page, rendered with web/templates/console.mustache: the shared chrome (navigation, the signed-in
/// user, sign-out) and one section, filled by that page's model builder (`ConsolePage+Login.swift`, `+Dashboard`,
/// `+Configuration`, `+Audit`, `+Users`). One template keeps the layout in one place; each section is its own.
enum ConsolePage {
    struct Model: Sendable {
        var title: String
        /// Nil on the pages seen before signing in.
        var chrome: Chrome?
        var notice: String?
        var alert: String?
        var message: Message?
        var login: Login?
        var setup: Setup?
        var dashboard: Dashboard?
        var configuration: Configuration?
        var audit: Audit?
        var users: Users?
        var keys: Keys?
        var account: Account?
        var subjects: Subjects?
        var webhooks: Webhooks?
        var webhook: Webhook?
        var auditReport: AuditReport?
        var texts: Texts?
        var versions: Versions?
        var regions: Regions?
        var noticeForm: NoticeForm?
        var settingsForm: SettingsForm?
        var requests: Requests?
        var request: RequestCase?
        /// Manual tasks (ConsolePage+Tasks.swift).
        var tasks: Tasks?
        var task: TaskForm?

        init(title: String, chrome: Chrome? = nil) {
            self.title = title
            self.chrome = chrome
        }
    }

    /// The header of a signed-in page.
    struct Chrome: Sendable {
        struct Link: Sendable {
            var href: String
            var label: String
            var current: Bool
        }
        var email: String
        var role: String
        var csrf: String
        var nav: [Link]

        /// The navigation a user's role may follow, with `current` marking the page shown.
        static func make(user: ConsoleUser, csrf: String, current: String) -> Chrome {
            var links = [("/console", "Dashboard"), ("/console/properties", "Configuration")]
            if user.role.grants(.subjects) {
                links += [("/console/subjects", "Subjects"), ("/console/requests", "Requests"), ("/console/tasks", "Tasks")]
            }
            links += [("/console/webhooks", "Webhooks"), ("/console/audit", "Audit"), ("/console/account", "Account")]
            if user.role.grants(.administer) { links += [("/console/users", "Users"), ("/console/keys", "API keys")] }
            return Chrome(
                email: user.email, role: user.role.rawValue, csrf: csrf,
                nav: links.map { Link(href: $0.0, label: $0.1, current: $0.0 == current) })
        }
    }

    /// A page that only tells something (refused, not found, expired form) and links on.
    struct Message: Sendable {
        var text: String
        var linkHref: String
        var linkLabel: String
    }

    struct Login: Sendable {
        var csrf: String
        var email: String
    }

    struct Setup: Sendable {
        var csrf: String
        var token: String
        var email: String
        var passwordError: String?
        var confirmationError: String?
    }

    struct Dashboard: Sendable {
        struct Choice: Sendable {
            var id: String
            var name: String
            var selected: Bool
        }
        struct Period: Sendable {
            var days: Int
            var label: String
            var selected: Bool
        }
        struct Figure: Sendable {
            var label: String
            var value: String
        }
        var properties: [Choice]
        var periods: [Period]
        var propertyName: String
        var periodLabel: String
        var figures: [Figure]
        var csvHref: String
        var charts: [BarChart]
        var days: [ConsentReport.Day]
        var regions: [ConsentReport.RegionFigures]
    }

    struct Configuration: Sendable {
        struct PurposeForm: Sendable {
            var key: String
            var action: String
            var name: String
            var description: String
            var required: Bool
            var nameError: String?
            var descriptionError: String?
            /// The vendors, one per line.
            var vendors: String
            var vendorsError: String?
            /// The Google Consent Mode signals granting this purpose grants.
            var consentMode: [Signal]
            /// The purpose's full form: legal basis, lifetime, translations, retiring.
            var editHref: String = ""
            var retired = false
        }
        struct Signal: Sendable {
            var value: String
            var id: String
            var checked: Bool
        }
        struct PropertyLink: Sendable {
            var href: String
            var name: String
            var current: Bool
        }
        struct Preview: Sendable {
            var href: String
            var locale: String
            /// The locale's banner texts form.
            var textsHref: String
        }
        /// A purpose the draft changes, as published and as drafted.
        struct Change: Sendable {
            var key: String
            var publishedName: String
            var publishedDescription: String
            var draftName: String
            var draftDescription: String
            /// Publishing asks visitors again for this purpose.
            var askedAgain: Bool
        }
        var properties: [PropertyLink]
        /// What publishing the draft would change; empty when the draft equals the version in force.
        var changes: [Change]
        var hasChanges: Bool
        /// The banner preview of the draft, one link per locale, shown in the `preview` frame.
        var previewSrc: String
        var previews: [Preview]
        var version: Int
        var unpublished: Bool
        var canEdit: Bool
        var csrf: String
        var etag: String
        var purposes: [PurposeForm]
        var publishAction: String
        /// The comparison of any two versions (`ConsolePage+Versions.swift`).
        var versionsHref: String
        /// The region rules form (`ConsolePage+Regions.swift`).
        var regionsHref: String
        /// Who asks: controller and privacy policy (`ConsolePage+Notice.swift`).
        var noticeHref: String
        /// The property's own settings (`PropertyGeneralSettings`) and the form adding a purpose.
        var settingsHref: String = ""
        var addPurposeHref: String = ""
        /// What publishing warns about now (`Property.publishWarnings`), shown before the publish button.
        var warnings: [String]
        var hasWarnings: Bool
    }

    struct Audit: Sendable {
        struct Verification: Sendable {
            var style: String
            var summary: String
        }
        struct Entry: Sendable {
            var time: String
            var property: String
            var actor: String
            var action: String
            var target: String?
        }
        var csrf: String
        var verification: Verification?
        var entries: [Entry]
    }

    struct Users: Sendable {
        struct Row: Sendable {
            var email: String
            var role: String
            var status: String
            var totpAction: String
            var totpLabel: String
            var totpValue: String
        }
        struct Role: Sendable {
            var value: String
            var selected: Bool
        }
        struct Created: Sendable {
            var email: String
            var link: String
        }
        var csrf: String
        var created: Created?
        var rows: [Row]
        var roles: [Role]
        var emailValue: String
        var emailError: String?
    }

    struct Subjects: Sendable {
        struct State: Sendable {
            var purpose: String
            var status: String
            var since: String
            var version: String
        }
        struct Event: Sendable {
            var time: String
            var source: String
            var choices: String
            var version: String
            var id: String
        }
        var csrf: String
        var properties: [Dashboard.Choice]
        /// The property looked in, for the receipt forms.
        var propertyID: String
        var subjectValue: String
        var subjectError: String?
        /// A look-up found events.
        var found: Bool
        /// A look-up found none.
        var nothingFound: Bool
        var states: [State]
        var events: [Event]
    }

    struct Account: Sendable {
        /// The secret offered for enrolment, when the user has none yet.
        struct Offer: Sendable {
            var typed: String
            var url: String
            var pending: String
            var codeError: String?
        }
        var csrf: String
        var enrolled: Bool
        var required: Bool
        var offer: Offer?
    }

    struct Keys: Sendable {
        struct Row: Sendable {
            var prefix: String
            var name: String
            var scopes: String
            var created: String
            var createdBy: String
            var expires: String
            var lastUsed: String
            var revokeAction: String
        }
        struct Scope: Sendable {
            var value: String
            var checked: Bool
        }
        struct Created: Sendable {
            var name: String
            var token: String
        }
        var csrf: String
        var created: Created?
        var rows: [Row]
        var scopes: [Scope]
        var nameValue: String
        var scopesError: String?
        var expiresValue: String
        var expiresError: String?
    }

    /// web/templates/console.mustache. No inline code: the policy's nonce is unused, and `'self'` lets the shared
    /// stylesheet load. Framed by nobody.
    struct View: PageView {
        static let template = PageTemplate.console
        var model: Model
        var policy: ContentSecurityPolicy { .page(nonce: ContentSecurityPolicy.makeNonce()) }
    }
}
