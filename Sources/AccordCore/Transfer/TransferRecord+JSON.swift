import Foundation

extension TransferRecord {
    /// The record as one line of JSON (no newline): `type` first, then the fields with sorted keys, so the
    /// same data always gives the same bytes, whichever backend it was read from.
    public func jsonLine() throws -> String {
        let payload: Data
        switch self {
        case .header(let format, let exportedAt):
            payload = try Self.encoder.encode(HeaderLine(format: format, exportedAt: exportedAt.rfc3339))
        case .property(let property): payload = try Self.encoder.encode(PropertyLine(property: property))
        case .policyVersion(let version): payload = try Self.encoder.encode(PolicyVersionLine(policyVersion: version))
        case .auditEntry(let stored): payload = try Self.encoder.encode(AuditEntryLine(stored))
        case .event(let stored): payload = try Self.encoder.encode(EventLine(stored))
        case .chainHead(let head): payload = try Self.encoder.encode(head)
        case .vendorList(let property, let list): payload = try Self.encoder.encode(VendorListLine(property: property, list: list))
        case .apiKey(let key): payload = try Self.encoder.encode(APIKeyLine(key))
        case .webhookEndpoint(let endpoint): payload = try Self.encoder.encode(WebhookEndpointLine(endpoint))
        case .outboxDelivery(let delivery): payload = try Self.encoder.encode(OutboxDeliveryLine(delivery))
        case .vaultEntry(let entry): payload = try Self.encoder.encode(VaultEntryLine(entry))
        case .secret(let name, let value): payload = try Self.encoder.encode(SecretLine(name: name, value: Data(value).base64EncodedString()))
        case .erasedSubject(let tombstone): payload = try Self.encoder.encode(ErasedSubjectLine(tombstone))
        }
        let fields = String(decoding: payload.dropFirst(), as: UTF8.self)
        return #"{"type":"\#(type)""# + (fields == "}" ? "}" : "," + fields)
    }

    /// Parses one line; the error names the record type and the field that is wrong.
    public init(jsonLine line: String) throws(TransferError) {
        let data = Data(line.utf8)
        guard let probe = try? JSONDecoder().decode(TypeProbe.self, from: data) else {
            throw TransferError(line: nil, "not a JSON object with a \"type\"")
        }
        do {
            switch probe.type {
            case Self.headerType:
                let header = try Self.decoder.decode(HeaderLine.self, from: data)
                guard let time = Date(rfc3339: header.exportedAt) else { throw TransferError(line: nil, "exportedAt is not an RFC 3339 time") }
                // Whole milliseconds, as the writer keeps them: a more precise time would not survive a write
                // (libFuzzer finding `import-roundtrip-1`).
                let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded())
                self = .header(format: header.format, exportedAt: Date(millisecondsSince1970: milliseconds))
            case "property": self = .property(try Self.decoder.decode(PropertyLine.self, from: data).property)
            case "policyVersion": self = .policyVersion(try Self.decoder.decode(PolicyVersionLine.self, from: data).policyVersion)
            case "auditEntry": self = .auditEntry(try Self.decoder.decode(AuditEntryLine.self, from: data).stored)
            case "event": self = .event(try Self.decoder.decode(EventLine.self, from: data).stored())
            case "chainHead": self = .chainHead(try Self.decoder.decode(ChainHead.self, from: data))
            case "vendorList":
                let line = try Self.decoder.decode(VendorListLine.self, from: data)
                do {
                    try line.list.check()
                } catch {
                    throw TransferError(line: nil, "vendorList: \(error.message)")
                }
                self = .vendorList(property: line.property, list: line.list)
            case "apiKey": self = .apiKey(try Self.decoder.decode(APIKeyLine.self, from: data).key)
            case "webhookEndpoint": self = .webhookEndpoint(try Self.decoder.decode(WebhookEndpointLine.self, from: data).endpoint)
            case "outboxDelivery": self = .outboxDelivery(try Self.decoder.decode(OutboxDeliveryLine.self, from: data).delivery)
            case "vaultEntry": self = .vaultEntry(try Self.decoder.decode(VaultEntryLine.self, from: data).entry)
            case "erasedSubject": self = .erasedSubject(try Self.decoder.decode(ErasedSubjectLine.self, from: data).tombstone)
            case "secret":
                let secret = try Self.decoder.decode(SecretLine.self, from: data)
                guard let value = Data(base64Encoded: secret.value) else { throw TransferError(line: nil, "secret: value is not base64") }
                self = .secret(name: secret.name, value: Array(value))
            default:
                throw TransferError(line: nil, "unknown record type '\(probe.type)'")
            }
        } catch let error as TransferError {
            throw error
        } catch {
            throw TransferError(line: nil, "\(probe.type): \(Self.describe(error))")
        }
    }

    /// Dates as integer milliseconds, keys sorted, slashes as they are.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.millisecondsSince1970)
        }
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            Date(millisecondsSince1970: try decoder.singleValueContainer().decode(Int64.self))
        }
        return decoder
    }

    /// A decoding error as `field: problem`, without the library's long debug text.
    private static func describe(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field '\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "field '\(path(context))' has the wrong type"
        case DecodingError.dataCorrupted(let context):
            let field = path(context)
            return field.isEmpty ? "not valid JSON" : "field '\(field)' is not valid: \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

private struct TypeProbe: Decodable {
    var type: String
}

private struct HeaderLine: Codable {
    var format: Int
    var exportedAt: String
}

private struct PropertyLine: Codable {
    var property: Property
}

private struct PolicyVersionLine: Codable {
    var policyVersion: PolicyVersion
}

private struct VendorListLine: Codable {
    var property: PropertyID
    var list: GlobalVendorList
}

private struct SecretLine: Codable {
    var name: String
    var value: String
}
