import AccordCore
import Foundation
import GRDB

extension SQLiteConsentStore {
    /// `SubjectLinks`: by primary key.
    public func linkedSubject(of visitor: SubjectKey, in property: PropertyID) async throws -> SubjectKey? {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM subject_links WHERE property_id = ? AND visitor_key = ?"),
                    arguments: [property.rawValue, Data(visitor.bytes)]
                ).map { try LinkRecord(row: SQLiteRecordRow($0)).row().subject }
            }
        }
    }

    /// `SubjectLinks`: through `subject_links_subject`.
    public func linkedVisitors(of subject: SubjectKey, in property: PropertyID) async throws -> [SubjectKey] {
        try await guarded {
            try pool.unsafeRead { db in
                try Row.fetchAll(
                    db.cachedStatement(
                        sql: "SELECT * FROM subject_links WHERE property_id = ? AND subject_key = ? ORDER BY visitor_key"),
                    arguments: [property.rawValue, Data(subject.bytes)]
                ).map { try LinkRecord(row: SQLiteRecordRow($0)).row().visitor }
            }
        }
    }
}
