/// The vault is how senders learn a subject's clear id at delivery (webhook payloads carry it): `clearSubject`
/// answers nil for a subject never written with an id, or shredded, so an erased subject is never sent by name.
extension SubjectDirectory: SubjectNameResolver {}
