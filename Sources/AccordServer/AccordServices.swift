import AccordCore
import Foundation
import Logging

/// Everything the HTTP layer needs, prepared once at start: the store, migrated and seeded, and the
/// recorder with its keys loaded from the store.
public struct AccordServices: Sendable {
    public let store: any ConsentStore
    public let recorder: ConsentRecorder
    public let settings: ServerSettings
    /// Configuration changes with their audit trail.
    public let editor: ConfigurationEditor
    /// The admin API key, in clear, when this start created it; shown once and never stored.
    public let createdAdminKey: String?
    /// The Global Vendor List read from `tcf.gvlPath`, served for properties without one of their own.
    public let defaultGVL: GlobalVendorList?
    /// Seals and opens the preference-center links issued for known subjects.
    public let preferenceLinks: PreferenceLinkSealer
    /// Makes and checks the anti-forgery tokens of Accord's own pages.
    public let formTokens: FormTokenSigner
    /// The receipt key, which also signs the checkpoints.
    public let signer: ReceiptSigner
    /// The metrics `GET /metrics` serves; group commit reports into them.
    public let metrics: ServerMetrics
    /// Links browsers to known subjects (cross-device identity).
    public let linker: SubjectLinker
    /// The properties' identity secrets, for identify tokens.
    public let identitySecrets: IdentitySecrets
    /// The subject vault: clear ids and contact points, sealed per subject.
    public let directory: SubjectDirectory
    /// Seals and opens the links of contact-confirmation e-mails.
    public let contactConfirmations: ContactConfirmationSealer
    /// Sends e-mail; nil when `mail.smtp.host` is unset (e-mail is off).
    public let mailTransport: (any MailTransport)?
    /// Where e-mails wait for the mail delivery service (the outbox); nil when e-mail is off.
    let mailQueue: (any MailQueue)?
    /// Wraps webhook endpoint secrets with the root key (when there is one) and opens them to sign.
    public let webhookSecrets: WebhookSecretBox
    /// Resolves webhook host names for the address check at creation (the delivery service checks again).
    public var hostResolver: any HostResolver = SystemHostResolver()
    /// Reads customer databases for `POST .../systems/{system}/check`; nil: checks answer that no reader is configured.
    public var schemaReader: (any ConnectorSchemaReader)?
    /// Finds and erases or reads a requester's rows in SQL connectors' databases; nil: such systems fail their run.
    public var connectorRunner: (any ConnectorRunner)?
    /// Console users, sign-in and sessions.
    public let accounts: ConsoleAccounts
    /// The clock of the console's sessions and lockouts; tests move it instead of waiting.
    public let now: @Sendable () -> Date
    /// The keys of data-subject requests (AccordServices+Requests.swift).
    let requestKit: RequestKit

    /// Migrates the store; on the first start also seeds the demo property and creates the secrets and an
    /// admin key. Safe for several instances starting together: secrets are created atomically.
    ///
    /// With a `rootKey`, every secret is kept wrapped by it (`ServerSecrets`), so the database alone holds none in clear.
    /// `now` and `bcryptCost` are for tests: the console's clock, and a cheaper bcrypt than production's 12.
    ///
    /// `mailTransport` is what the `accord` executable picked for `settings.mail` (nil: e-mail is off); e-mails are
    /// queued in the store's outbox for it.
    public static func bootstrap(
        store: any ConsentStore, settings: ServerSettings, rootKey: RootKey? = nil, metrics: ServerMetrics = ServerMetrics(),
        mailTransport: (any MailTransport)? = nil, now: @escaping @Sendable () -> Date = { Date() }, bcryptCost: UInt8 = 12
    ) async throws -> AccordServices {
        let defaultGVL = try settings.gvlPath.map(loadGVL)
        try await store.migrate()
        let editor = ConfigurationEditor(store: store)
        if try await store.properties().isEmpty {
            try await seedDemo(store: store, editor: editor)
        }
        func secret(_ name: String, _ create: @Sendable () -> [UInt8]) async throws -> [UInt8] {
            try await ServerSecrets.secret(named: name, in: store, root: rootKey, create: create)
        }
        let subjectSecret = try await secret("subject-hmac-key") { randomBytes(32) }
        let signingKey = try await secret("receipt-signing-key") { ReceiptSigner.generatePrivateKey() }
        let linkSecret = try await secret("preference-link-key") { randomBytes(32) }
        let formSecret = try await secret("form-token-key") { randomBytes(32) }
        let vaultSecret = try await secret("subject-vault-key") { randomBytes(32) }
        let totpSecret = try await secret("console-totp-key") { randomBytes(32) }
        let requestCodeSecret = try await secret("request-code-key") { randomBytes(32) }
        let adminKey = try await createAdminKeyOnFirstStart(store)
        let erasedSubjects = try await ErasedSubjectSet.load(from: store)
        metrics.watchOutbox(of: store)
        let signer = try ReceiptSigner(privateKeyBytes: signingKey)
        let directory = SubjectDirectory(vault: store, cipher: SubjectVaultCipher(secret: vaultSecret))
        let recorder = ConsentRecorder(
            store: store,
            pseudonymizer: SubjectPseudonymizer(secret: subjectSecret, erased: erasedSubjects),
            signer: signer,
            issuer: settings.publicURL, directory: directory, commitObserver: metrics.commitObserver)
        return AccordServices(
            store: store, recorder: recorder, settings: settings, editor: editor, createdAdminKey: adminKey,
            defaultGVL: defaultGVL, preferenceLinks: PreferenceLinkSealer(secret: linkSecret),
            formTokens: FormTokenSigner(secret: formSecret), signer: signer, metrics: metrics,
            linker: SubjectLinker(store: store, pseudonymizer: SubjectPseudonymizer(secret: subjectSecret, erased: erasedSubjects)),
            identitySecrets: IdentitySecrets(store: store, root: rootKey), directory: directory,
            contactConfirmations: ContactConfirmationSealer(secret: linkSecret), mailTransport: mailTransport,
            mailQueue: mailTransport == nil ? nil : OutboxMailQueue(outbox: store, now: { Date() }),
            webhookSecrets: WebhookSecretBox(root: rootKey),
            accounts: ConsoleAccounts(store: store, totpKey: totpSecret, bcryptCost: bcryptCost, now: now), now: now,
            requestKit: RequestKit(pseudonymizer: SubjectPseudonymizer(secret: subjectSecret, erased: erasedSubjects), codeKey: requestCodeSecret))
    }

    /// The service that sends queued e-mail, or nil when e-mail is off. Run it beside the server.
    public func mailDelivery(logger: Logger, clock: any ServiceClock = ScaledClock()) -> MailDeliveryService? {
        guard let mailTransport, mailQueue != nil, let mail = settings.mail else { return nil }
        var service = MailDeliveryService(
            outbox: store,
            dispatcher: MailDispatcher(
                transport: mailTransport, from: mail.from, directory: directory, configuration: store, log: store, requests: store,
                links: preferenceLinks, publicURL: settings.publicURL, renderer: .shared, now: { clock.now }, forms: store),
            logger: logger, clock: clock)
        service.metrics = metrics.outbox
        return service
    }

    /// The contact desk the controllers share.
    var contactDesk: ContactDesk {
        ContactDesk(directory: directory, confirmations: contactConfirmations, mail: mailQueue)
    }

    /// The choice confirmations the write paths queue (when a property turns them on).
    var choicesConfirmation: ChoicesConfirmation {
        ChoicesConfirmation(directory: directory, mailOn: mailQueue != nil)
    }

    /// Reads the `tcf.gvlPath` file; a missing or invalid file stops the start with the reason.
    private static func loadGVL(_ path: String) throws -> GlobalVendorList {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigurationError(.gvlUnreadable, field: "tcf.gvlPath", "cannot read \(path)")
        }
        do {
            return try GlobalVendorList.parse(data)
        } catch {
            throw ConfigurationError(.init(error), field: "tcf.gvlPath", "\(path): \(error.message)")
        }
    }

    /// The demo property, created and published through the editor so its history starts in the audit chain.
    private static func seedDemo(store: any ConsentStore, editor: ConfigurationEditor) async throws {
        let demo = DemoProperty.make()
        do {
            _ = try await editor.create(demo, by: "accord (first start)")
            _ = try await editor.publish(demo.id, by: "accord (first start)")
        } catch let error as ConfigurationError where error.kind == .propertyExists {
            // Another instance seeded it first.
        } catch StoreError.policyVersionExists {
            // Another instance starting at the same moment got past the check above too and published first.
        }
    }

    private static func createAdminKeyOnFirstStart(_ store: any ConsentStore) async throws -> String? {
        let (token, key) = APIKey.generate(
            name: "admin (created on first start)", scopes: [.admin], at: Date(), createdBy: "bootstrap")
        let mine = Array(key.hash.utf8)
        // Whichever instance stores the marker first creates the key; the others see another value.
        let marker = try await store.secret(named: "first-admin-key") { mine }
        guard marker == mine else { return nil }
        try await store.saveAPIKey(key)
        return token
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in generator.next() }
    }
}
