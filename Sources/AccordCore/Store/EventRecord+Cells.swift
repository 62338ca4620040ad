import Foundation

extension EventRecord {
    /// Reads the cells directly rather than through the synthesized `init(from:)`, in the same order (`CodingKeys`')
    /// and failing on the same column: every consent webhook sent reads its subject's history, and the synthesized decoder was
    /// a fifth of a delivered message's history read (`perf`, issue 12's sixth pass).
    public init(decoding row: some RecordRow) throws {
        let cells = RecordCells(row, keys: CodingKeys.self)
        seq = try cells.optionalInt64(.seq)
        id = try cells.string(.id)
        propertyID = try cells.string(.propertyID)
        subjectKey = try cells.data(.subjectKey)
        choices = try cells.string(.choices)
        expiresAt = try cells.string(.expiresAt)
        regime = try cells.string(.regime)
        region = try cells.optionalString(.region)
        locale = try cells.optionalString(.locale)
        policyVersion = try cells.int(.policyVersion)
        policyHash = try cells.string(.policyHash)
        source = try cells.string(.source)
        gpc = try cells.bool(.gpc)
        tcString = try cells.optionalString(.tcString)
        gppString = try cells.optionalString(.gppString)
        ipPrefix = try cells.optionalString(.ipPrefix)
        userAgent = try cells.optionalString(.userAgent)
        clientTime = try cells.optionalInt64(.clientTime)
        recordedAt = try cells.int64(.recordedAt)
        idempotencyKey = try cells.optionalString(.idempotencyKey)
        authenticatedBy = try cells.optionalString(.authenticatedBy)
        kind = try cells.optionalString(.kind)
        linkedSubject = try cells.optionalData(.linkedSubject)
        chainID = try cells.string(.chainID)
        chainPosition = try cells.int64(.chainPosition)
        prevHash = try cells.string(.prevHash)
        hash = try cells.string(.hash)
        formRef = try cells.optionalString(.formRef)
        origin = try cells.optionalString(.origin)
    }
}
