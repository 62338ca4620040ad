import AccordCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `POST /v1/admin/properties/{property}/consent-imports` (scope `admin`): the upload form of `accord
/// import-consents`. The body is the CSV or JSON lines file, read as it arrives (no size limit, flat memory); the
/// mapping is the header `Accord-Import-Mapping` as one line of JSON, the same fields as the command's YAML. The
/// answer is the summary with the rejected lines (the first 1,000; `rejectionsTruncated` says when there were more).
struct AdminConsentImportController {
    let recorder: ConsentRecorder
    let store: any ConsentLog & ConfigurationStore
    /// Where the imported subjects' clear ids go, as live writes' do.
    let vault: ImportVault
    let catalog: PropertyCatalog

    static let mappingHeader = HTTPField.Name("Accord-Import-Mapping")!
    static let maximumRejectionsListed = 1_000

    func register(on router: some RouterMethods<AdminRequestContext>) {
        router.post("/v1/admin/properties/:property/consent-imports", use: upload)
    }

    struct Answer: Encodable {
        var rows: Int
        var stored: Int
        var duplicates: Int
        var superseded: Int
        var rejected: Int
        var rejections: [Rejection]
        var rejectionsTruncated: Bool
    }

    struct Rejection: Encodable {
        var line: Int
        var reason: String
    }

    /// A CSV header without a column the mapping names (subject, date, the choices, the mapped source and version)
    /// is the wrong file (or no CSV at all, such as a JSON document sent as `text/csv`): refused whole with 422
    /// `columns_missing` before any row is stored, rather than every row rejected.
    static func checkHeader(_ columns: [String], plan: ImportPlan) throws {
        let missing = plan.missingColumns(in: columns)
        guard let first = missing.first else { return }
        throw APIError.invalid(
            "columns_missing", ImportPlan.describeMissing(missing), field: "Accord-Import-Mapping.\(first.field)")
    }

    @Sendable func upload(_ request: Request, context: AdminRequestContext) async throws -> Response {
        let property = try await catalog.property(try context.parameters.require("property"))
        guard let header = request.headers[Self.mappingHeader] else {
            throw APIError.invalid(
                "mapping_missing", "send the mapping as JSON in the Accord-Import-Mapping header", field: "Accord-Import-Mapping")
        }
        let mapping: ImportMapping
        do {
            mapping = try JSONDecoder().decode(ImportMapping.self, from: Data(header.utf8))
        } catch {
            throw APIError.invalid(
                "mapping_invalid", "the Accord-Import-Mapping header is not a mapping (JSON with subject, date and the choices)",
                field: "Accord-Import-Mapping")
        }
        guard property.currentPolicyVersion > 0, let policy = try await store.policyVersion(property.currentPolicyVersion, of: property.id)
        else { throw APIError.invalid("policy_missing", "publish the property before importing", field: nil) }
        // A `Result` rather than do/catch: this compiler crashes on a typed catch in this async function.
        let plan: ImportPlan
        switch Result(catching: { () throws(ConfigurationError) -> ImportPlan in try ImportPlan(mapping, policy: policy) }) {
        case .success(let made): plan = made
        case .failure(let error):
            throw APIError.invalid("mapping_invalid", error.message, field: error.field.map { "Accord-Import-Mapping.\($0)" })
        }
        var listed: [Rejection] = []
        let importer = ConsentImporter(
            plan: plan, property: property, policy: policy, log: store, vault: vault,
            subjectKey: { [recorder] in recorder.subjectKey(for: $0, in: property.id) },
            onReject: { rejection in
                if listed.count < Self.maximumRejectionsListed { listed.append(Rejection(line: rejection.line, reason: rejection.reason)) }
            })
        var csv = CSVRecordReader(delimiter: plan.delimiter)
        var jsonl = JSONLinesRecordReader()
        let isCSV = (mapping.format ?? .csv) == .csv
        var headerChecked = false
        for try await buffer in request.body {
            let bytes = buffer.readableBytesView
            let outputs = isCSV ? csv.read(bytes) : jsonl.read(bytes)
            if isCSV && !headerChecked, let columns = csv.columns {
                try Self.checkHeader(columns, plan: plan)
                headerChecked = true
            }
            try await importer.add(outputs)
        }
        let last = isCSV ? csv.finish() : jsonl.finish()
        if isCSV && !headerChecked, let columns = csv.columns { try Self.checkHeader(columns, plan: plan) }
        try await importer.add(last)
        let summary = try await importer.finish()
        context.logger.info("consents imported", metadata: ["accord.property": "\(property.id)", "accord.stored": "\(summary.stored)"])
        return try JSONBody.response(
            Answer(
                rows: summary.rows, stored: summary.stored, duplicates: summary.duplicates, superseded: summary.superseded,
                rejected: summary.rejected, rejections: listed, rejectionsTruncated: summary.rejected > listed.count))
    }
}
