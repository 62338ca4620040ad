import AccordCore
import Foundation

/// What erasing Accord's own data for a request did: counts only, never an identifier.
struct AccordErasure: Sendable, Hashable, Codable {
    /// Pseudonyms erased by this call: the requester, the visitors linked to them and any further ids given.
    var subjects: Int
    /// Current-state rows removed.
    var stateRows: Int
    /// Vault entries destroyed with their data keys (crypto-shredding).
    var vaultEntries: Int
    /// Cross-device link rows removed.
    var links: Int
    /// True when an earlier call erased them already: nothing was done, and nothing recorded again.
    var alreadyErased: Bool
}

/// Erases what Accord itself holds about a deletion request's requester (issue 13 §6). The `connect` workflow calls
/// it as the "Accord" step of a deletion (see /work/coord/erasure-api.md); completing a deletion calls it too.
protocol AccordDataErasing: Sendable {
    /// Erases the requester's data for a `deletion` request that is `verified`, `inProgress` or `completed`, and
    /// the data of `otherSubjects` (clear ids of the same person found elsewhere, such as the integrator's account
    /// id a connected system holds). Idempotent: once recorded, a later call answers `alreadyErased`.
    func eraseAccordData(of request: PrivacyRequest, in property: Property, otherSubjects: [String], actor: String) async throws
        -> AccordErasure
}

/// The erasure of Accord's own data: the requester (the subject their address names), every visitor linked to
/// them (their other devices) and the other ids given are tombstoned, their state rows and links removed and their
/// vault entries shredded in one store transaction (`SubjectErasures`); the events stay, so the chains verify; the
/// pseudonymiser steps past the erased keys from now on (`ErasedSubjectSet`), so a returning person starts a new
/// subject; the attachments of the requester's requests (sealed under the shredded key) are deleted; and the
/// request's audit chain records `request.dataErased` with the counts, never an identifier.
struct AccordDataEraser: AccordDataErasing {
    let store: any SubjectErasures & SubjectLinks & ConnectorAttachments
    let pseudonymizer: SubjectPseudonymizer
    let directory: SubjectDirectory
    let desk: RequestDesk

    func eraseAccordData(of request: PrivacyRequest, in property: Property, otherSubjects: [String] = [], actor: String) async throws
        -> AccordErasure
    {
        guard request.type == .deletion else {
            throw RequestError(.transitionForbidden, field: nil, "only a deletion request erases the requester's data")
        }
        guard [.verified, .inProgress, .completed].contains(request.status) else {
            throw RequestError(.notVerified, field: nil, "the request is \(request.status.rawValue); data is erased for verified requests")
        }
        let recorded = try await desk.store.requestTimeline(request.id, in: property.id)
        if recorded.contains(where: { $0.entry.action == RequestAudit.Action.dataErased.rawValue }) {
            return AccordErasure(subjects: 0, stateRows: 0, vaultEntries: 0, links: 0, alreadyErased: true)
        }
        var subjects = [request.requester]
        for clear in otherSubjects {
            subjects.append(pseudonymizer.key(for: try ConsentEventBuilder.validateSubject(clear), in: property.id))
        }
        for subject in subjects { subjects += try await store.linkedVisitors(of: subject, in: property.id) }
        subjects = Array(Set(subjects))
        // The closing e-mail still needs the address the erasure is about to shred: kept apart for it alone.
        if desk.mailOn, let address = try await directory.clearSubject(request.requester, in: property.id) {
            try await directory.remember(address, as: RequestNotice.key(for: request.id, in: property.id), in: property.id, at: desk.now())
        }
        let counts = try await store.eraseSubjects(subjects, in: property.id, at: desk.now())
        pseudonymizer.erased?.insert(subjects, in: property.id)
        // The entries are gone already; this forgets the directory's cache of them.
        for subject in subjects { try await directory.shred(subject, in: property.id) }
        // What webhook systems and manual tasks gave for the requester's requests was sealed under the key just
        // shredded: unreadable now, so deleted rather than kept as noise.
        let attachments = try await store.deleteConnectorAttachments(ofRequester: request.requester, in: property.id)
        // Nothing newly erased: another call erased them first and records it, unless it failed before recording
        // (then this call does, with what is left to count: nothing).
        if counts.subjects == 0, attachments == 0,
            try await desk.store.requestTimeline(request.id, in: property.id).contains(where: {
                $0.entry.action == RequestAudit.Action.dataErased.rawValue
            })
        {
            return AccordErasure(subjects: 0, stateRows: 0, vaultEntries: 0, links: 0, alreadyErased: true)
        }
        _ = try await desk.change(request.id, in: property.id) { _, _ in
            RequestDesk.Step(
                .dataErased, actor: actor,
                detail: [
                    "subjects": String(counts.subjects), "stateRows": String(counts.stateRows),
                    "vaultEntries": String(counts.vaultEntries), "links": String(counts.links),
                    "attachments": String(attachments),
                ])
        }
        return AccordErasure(
            subjects: counts.subjects, stateRows: counts.stateRows, vaultEntries: counts.vaultEntries, links: counts.links,
            alreadyErased: false)
    }
}
