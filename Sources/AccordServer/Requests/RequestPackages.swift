import AccordCore
import Foundation
import HTTPTypes

/// The access package (issue 14 §4): built from every SQL system of the data map and Accord's own records, for the
/// operator's download, and, once an access or portability request's run completes, sealed under the request's
/// own vault key (`PackageToken.vaultKey`) and sent to the requester as a single-use link valid `linkLifetime`.
/// The link's token travels only in the e-mail (sealed under the requester's key while queued) and is stored as
/// its hash; the download and the expiry sweep destroy the vault entry, so no copy of the package stays readable.
struct RequestPackages: Sendable {
    let fulfilment: ConnectorFulfilment
    let editor: ConfigurationEditor
    let systems: any DataMapStore
    let log: any ConsentLog
    let desk: RequestDesk
    let links: any PackageLinks
    let linkLifetime: Duration
    /// What webhook connectors and manual tasks gave (ConnectorAnswers.swift): their data and files go in too.
    var answers: ConnectorAnswers? = nil

    /// The package's ZIP for `request` (access or portability), read now; `system_unavailable` (409) names a
    /// system that cannot be read.
    func build(_ request: PrivacyRequest, property: Property) async throws -> (bytes: [UInt8], systems: Int) {
        var parts: [AccessPackage.SystemPart] = []
        var files: [String: [UInt8]] = [:]
        for system in try await systems.allSystems(of: property.id) {
            guard let connector = system.connector else { continue }
            guard connector.isSQL else {
                let given = try await answers?.packagePart(system, of: request)
                parts.append(given?.0 ?? AccessPackage.SystemPart(system: system, collections: [:]))
                files.merge(given?.1 ?? [:]) { first, _ in first }
                continue
            }
            do {
                let outcome = try await fulfilment.execute(system.key, of: request, mode: .access)
                parts.append(AccessPackage.SystemPart(system: system, collections: outcome.data))
            } catch let error as ConnectorError {
                throw APIError(.conflict, code: "system_unavailable", message: "\(system.key): \(error.description)", field: "system")
            }
        }
        let own = try? await RequestAnswer.make(
            for: request, property: property, log: log, configuration: editor.store, directory: desk.directory, now: desk.now())
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let accord = try own.map { Array(try encoder.encode($0)) }
        let now = desk.now()
        let entries = AccessPackage.files(request: request, parts: parts, accord: accord, at: now, files: files)
        return (try PackageZip.make(entries, modified: now), parts.count)
    }

    /// Seals `request`'s package and e-mails its link, once per request (a `request.packageSent` entry already on the
    /// timeline means it was done). Runs before the request is completed, so a failure keeps it open and retried.
    /// Nothing when e-mail is off: the operator downloads the package (`GET .../package`) and hands it over.
    func send(_ request: PrivacyRequest) async throws {
        guard desk.mailOn, request.type == .access || request.type == .portability,
            !(try await desk.store.requestTimeline(request.id, in: request.property)).contains(where: {
                $0.entry.action == RequestAudit.Action.packageSent.rawValue
            }),
            let property = try await editor.store.property(request.property)
        else { return }
        let (bytes, systems) = try await build(request, property: property)
        let now = desk.now()
        let key = PackageToken.vaultKey(for: request.id, in: property.id)
        // A fresh data key for this package alone (an earlier attempt's entry, if any, is destroyed first).
        try await desk.directory.shred(key, in: property.id)
        try await desk.directory.remember("package \(request.id)", as: key, in: property.id, at: now)
        guard let sealed = try await desk.directory.sealCopy(bytes, for: key, in: property.id) else {
            throw RequestError(.concurrentChange, field: nil, "the package's key could not be made")
        }
        let token = PackageToken.make()
        guard let sealedToken = try await desk.directory.sealCopy(Array(token.utf8), for: request.requester, in: property.id) else {
            // The requester's address is gone (erased meanwhile): nobody to send it to.
            try await desk.directory.shred(key, in: property.id)
            return
        }
        let expires = now.addingTimeInterval(linkLifetime.timeInterval)
        try await links.savePackageLink(
            PackageLink(
                hash: PackageToken.hash(token), property: property.id, request: request.id, sealed: sealed, createdAt: now, expiresAt: expires))
        _ = try await desk.change(request.id, in: property.id) { stored, time in
            RequestDesk.Step(
                .packageSent, actor: "accord", detail: ["bytes": String(bytes.count), "systems": String(systems), "expiresAt": expires.rfc3339],
                mail: try desk.mailEntry(.requestPackage, stored, sealedCode: sealedToken, expiresAt: expires, at: time))
        }
    }

    /// The package behind `token`, once: opened and its key destroyed, the download recorded on the request's
    /// timeline. `link_used` or `link_expired` (410) after that or after the expiry; 404 for a token never issued.
    func take(_ token: String) async throws -> (request: String, bytes: [UInt8]) {
        guard PackageToken.isWellFormed(token) else { throw APIError(.notFound, code: "link_not_found", message: "no such link", field: nil) }
        switch try await links.takePackageLink(hash: PackageToken.hash(token), now: desk.now()) {
        case .unknown:
            throw APIError(.notFound, code: "link_not_found", message: "no such link", field: nil)
        case .used:
            throw APIError(.gone, code: "link_used", message: "this link was used already; it works once", field: nil)
        case .expired:
            throw APIError(.gone, code: "link_expired", message: "this link has expired; make a new request", field: nil)
        case .package(let link):
            let key = PackageToken.vaultKey(for: link.request, in: link.property)
            var bytes: [UInt8]?
            if let sealed = link.sealed { bytes = try await desk.directory.openCopy(sealed, for: key, in: link.property) }
            try await desk.directory.shred(key, in: link.property)
            guard let bytes else { throw APIError(.gone, code: "link_expired", message: "this link's package is gone", field: nil) }
            _ = try? await desk.change(link.request, in: link.property) { _, _ in
                RequestDesk.Step(.packageDownloaded, actor: "requester", detail: ["bytes": String(bytes.count), "via": "link"])
            }
            return (link.request, bytes)
        }
    }

    /// Destroys the packages of links expired by now (and their keys); the number destroyed.
    func sweep() async throws -> Int {
        var count = 0
        while true {
            let expired = try await links.expirePackageLinks(now: desk.now(), limit: 100)
            for link in expired { try await desk.directory.shred(PackageToken.vaultKey(for: link.request, in: link.property), in: link.property) }
            count += expired.count
            if expired.count < 100 { return count }
        }
    }
}
