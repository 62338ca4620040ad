import AccordCore
import Hummingbird
import NIOCore

/// The context of console routes that need a signed-in user whose role grants `Need.capability`. It can only be
/// built from a request that `ConsoleSessionMiddleware` found a live session for: without one the route sends the
/// browser to the sign-in page, with a role lacking the capability it answers 403, before its handler runs. A
/// handler taking it therefore cannot run for anyone else (the console's `ScopedRequestContext`).
struct ConsoleRequestContext<Need: ConsoleNeed>: ChildRequestContext, RemoteAddressRequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?
    /// The signed-in user; their role grants `Need.capability`.
    let user: ConsoleUser
    let session: ConsoleSession

    init(context: AccordRequestContext) throws {
        guard let signIn = context.console else { throw ConsoleRefusal.signedOut }
        guard signIn.user.role.grants(Need.capability) else { throw ConsoleRefusal.forbidden(Need.capability) }
        // Required to enrol a second factor and not enrolled yet: the account page only.
        if signIn.user.totpRequired, signIn.user.totpSecret == nil, !Need.opensBeforeEnrolment {
            throw ConsoleRefusal.enrolmentRequired
        }
        self.user = signIn.user
        self.session = signIn.session
        self.coreContext = context.coreContext
        self.remoteAddress = context.remoteAddress
    }

    var maxUploadSize: Int { AccordRequestContext.maximumBodySize }

    /// Who acts, as audit entries name them.
    var actor: String { "user:\(user.email)" }
}

/// The capability a group of console routes demands, as a type, so each group's context is a type of its own.
protocol ConsoleNeed: Sendable {
    static var capability: ConsoleCapability { get }
    /// Whether a user who must enrol a second factor, and has not, may use the routes (the account page alone).
    static var opensBeforeEnrolment: Bool { get }
}

extension ConsoleNeed {
    static var opensBeforeEnrolment: Bool { false }
}

enum ConsoleAccountNeed: ConsoleNeed {
    static let capability = ConsoleCapability.view
    static let opensBeforeEnrolment = true
}

enum ConsoleViewNeed: ConsoleNeed {
    static let capability = ConsoleCapability.view
}

enum ConsoleSubjectsNeed: ConsoleNeed {
    static let capability = ConsoleCapability.subjects
}

enum ConsoleRequestsNeed: ConsoleNeed {
    static let capability = ConsoleCapability.requests
}

enum ConsoleConfigureNeed: ConsoleNeed {
    static let capability = ConsoleCapability.configure
}

enum ConsoleAdministerNeed: ConsoleNeed {
    static let capability = ConsoleCapability.administer
}

/// The user's own account page (second factor): every role, also before a required enrolment.
typealias ConsoleAccountContext = ConsoleRequestContext<ConsoleAccountNeed>
/// Reports, configuration read-only, the audit trail, signing out: every role.
typealias ConsoleViewContext = ConsoleRequestContext<ConsoleViewNeed>
/// Subject look-up: owners, agents, auditors.
typealias ConsoleSubjectsContext = ConsoleRequestContext<ConsoleSubjectsNeed>
/// Acting on data-subject requests: owners and agents.
typealias ConsoleRequestsContext = ConsoleRequestContext<ConsoleRequestsNeed>
/// Configuration changes: owners and editors.
typealias ConsoleConfigureContext = ConsoleRequestContext<ConsoleConfigureNeed>
/// Users and keys: owners.
typealias ConsoleAdministerContext = ConsoleRequestContext<ConsoleAdministerNeed>

/// Why a console request was refused before or inside its handler; `ConsoleSessionMiddleware` turns each into a page.
enum ConsoleRefusal: Error, Sendable {
    /// No live session: the browser is sent to the sign-in page.
    case signedOut
    /// The role lacks what the route needs.
    case forbidden(ConsoleCapability)
    /// The form's CSRF token is missing, expired or not this session's.
    case formExpired
    /// The path names no such thing (a property, say).
    case notFound
    /// An owner requires this user to use a second factor, which they have not set up: on to the account page.
    case enrolmentRequired
}
