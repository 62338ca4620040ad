import AccordCore
import AccordServer
import ArgumentParser
import Foundation

struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Check consent receipts.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify a receipt (a compact JWS) offline; exit 1 if it was changed or not issued by us.")

        @Argument(help: "File holding the receipt, or - for stdin")
        var file: String
        @Option(help: "A JWK set file (as served at /.well-known/jwks.json) instead of the database's key")
        var jwks: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let token = try readToken()
                let keys = try await keySet()
                do {
                    let receipt = try ReceiptVerifier.verify(token, keys: keys)
                    print("ok: receipt for event \(receipt.jti) of property \(receipt.property), recorded \(receipt.recordedAt)")
                } catch {
                    throw CLIError("invalid: \(error)")
                }
            }
        }

        private func readToken() throws -> String {
            let data: Data?
            if file == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                data = FileManager.default.contents(atPath: file)
            }
            guard let data, let text = String(data: data, encoding: .utf8) else {
                throw CLIError("cannot read receipt from \(file)")
            }
            return text
        }

        private func keySet() async throws -> JSONWebKeySet {
            if let jwks {
                guard let data = FileManager.default.contents(atPath: jwks),
                    let set = try? JSONDecoder().decode(JSONWebKeySet.self, from: data)
                else { throw CLIError("cannot read a JWK set from \(jwks)") }
                return set
            }
            let reader = try await ConfigSources.reader()
            let configured = try database.openStore(reader: reader, mustExist: true)
            let signer = try await configured.run { store in try await StoredSigner.load(from: store, reader: reader) }
            return JSONWebKeySet(keys: [signer.publicKey])
        }
    }
}
