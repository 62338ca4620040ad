import AccordCore
import Foundation
import PostgresNIO

extension PostgresConsentStore {
    /// `SubjectLinks`: by primary key.
    public func linkedSubject(of visitor: SubjectKey, in property: PropertyID) async throws -> SubjectKey? {
        try await links(
            "SELECT \(unescaped: LinkRecord.selectList()) FROM subject_links WHERE property_id = \(property.rawValue) AND visitor_key = \(ByteBuffer(bytes: visitor.bytes))"
        ).first?.subject
    }

    /// `SubjectLinks`: through `subject_links_subject`.
    public func linkedVisitors(of subject: SubjectKey, in property: PropertyID) async throws -> [SubjectKey] {
        try await links(
            """
            SELECT \(unescaped: LinkRecord.selectList()) FROM subject_links
            WHERE property_id = \(property.rawValue) AND subject_key = \(ByteBuffer(bytes: subject.bytes)) ORDER BY visitor_key
            """
        ).map(\.visitor)
    }

    private func links(_ query: PostgresQuery) async throws -> [LinkRow] {
        try await guarded {
            var rows: [LinkRow] = []
            for try await row in try await self.client.query(query, logger: self.logger) {
                rows.append(try LinkRecord(row: PostgresRecordRow(row)).row())
            }
            return rows
        }
    }
}
