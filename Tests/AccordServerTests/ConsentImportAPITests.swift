import AccordServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOFoundationEssentialsCompat
import Testing

/// `POST /v1/admin/properties/{property}/consent-imports`: what is refused whole before any row is read.
@Suite struct ConsentImportAPITests {
    let mapping = #"{"subject":"user_id","date":"consent_date","purpose":"purpose","status":"status"}"#

    func upload(
        _ client: some TestClientProtocol, admin: String, mapping: String?, csv: String
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any]) {
        var headers = bearer(admin)
        headers[.contentType] = "text/csv"
        if let mapping { headers[HTTPField.Name("Accord-Import-Mapping")!] = mapping }
        return try await client.execute(
            uri: "/v1/admin/properties/demo/consent-imports", method: .post, headers: headers, body: ByteBuffer(string: csv)
        ) { response in
            let data = Data(buffer: response.body)
            return (response.status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }
    }

    @Test func aCSVHeaderWithoutTheMappedSubjectOrDateColumnIsRefusedWhole() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let notCSV = try await upload(client, admin: test.adminKey, mapping: mapping, csv: "{}")
            #expect(notCSV.status == .unprocessableContent)
            let error = notCSV.body["error"] as? [String: Any]
            #expect(error?["code"] as? String == "columns_missing")
            #expect(error?["field"] as? String == "Accord-Import-Mapping.subject")
            let noDate = try await upload(
                client, admin: test.adminKey, mapping: mapping, csv: "user_id,purpose,status\nu1,analytics,granted\n")
            #expect(noDate.status == .unprocessableContent)
            #expect((noDate.body["error"] as? [String: Any])?["field"] as? String == "Accord-Import-Mapping.date")
            let good = try await upload(
                client, admin: test.adminKey, mapping: mapping,
                csv: "user_id,consent_date,purpose,status\nu1,2026-01-02,analytics,granted\n")
            #expect(good.status == .ok && good.body["rows"] as? Int == 1)
            let empty = try await upload(client, admin: test.adminKey, mapping: mapping, csv: "")
            #expect(empty.status == .ok && empty.body["rows"] as? Int == 0)
        }
    }

    @Test func anEmptyOrMissingMappingHeaderIsRefused() async throws {
        let test = try await TestApplication.make()
        try await test.application.test(.router) { client in
            let missing = try await upload(client, admin: test.adminKey, mapping: nil, csv: "")
            #expect(missing.status == .unprocessableContent && (missing.body["error"] as? [String: Any])?["code"] as? String == "mapping_missing")
            let empty = try await upload(client, admin: test.adminKey, mapping: "", csv: "")
            #expect(empty.status == .unprocessableContent)
            #expect((empty.body["error"] as? [String: Any])?["field"] as? String == "Accord-Import-Mapping")
        }
    }
}
