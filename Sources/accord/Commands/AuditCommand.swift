import AccordCore
import ArgumentParser
import Configuration
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Prove the event log.", subcommands: [Verify.self, Checkpoint.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every hash chain and the current-state view; exit 1 at the first break.",
            discussion: """
                With --checkpoints FILE (the body of GET /v1/properties/{property}/checkpoints, saved as served), also \
                prove that the log still holds every checkpointed head: a history rewritten and rehashed fails here.
                """)

        @Option(help: "A saved checkpoint file, as served at /v1/properties/{property}/checkpoints")
        var checkpoints: String?
        @Option(help: "A JWK set file (as served at /.well-known/jwks.json) to check the checkpoints with instead of the database's key")
        var jwks: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                // The file is read before the database is opened, so a bad file is reported as such.
                let saved = try checkpoints.map(readCheckpointFile)
                let reader = try await ConfigSources.reader()
                let configured = try database.openStore(reader: reader, mustExist: true)
                try await configured.run { store in
                    // Checked before the audit, so a bad file is the one line reported.
                    var verified: [AccordCore.Checkpoint]?
                    if let saved {
                        let keys = try await keySet(store: store, reader: reader)
                        do {
                            verified = try CheckpointDocument.verifiedCheckpoints(in: saved, keys: keys)
                        } catch {
                            throw CLIError("\(checkpoints ?? ""): \(error)")
                        }
                    }
                    let report = try await StoreAudit.run(store)
                    if let failure = report.chainFailure {
                        throw CLIError("audit failed: \(failure)")
                    }
                    if report.stateMismatches > 0 {
                        throw CLIError("audit failed: \(report.stateMismatches) consent_state rows differ from the events")
                    }
                    if let verified, let failure = try await CheckpointAudit.run(verified, against: store) {
                        throw CLIError("checkpoint failed: \(failure)")
                    }
                    print("ok: \(report.eventCount) events")
                    if report.auditEntryCount > 0 { print("ok: \(report.auditEntryCount) configuration changes") }
                    if report.erasedSubjects > 0 {
                        print("ok: \(report.erasedSubjects) erased subjects (their events verified, no state kept)")
                    }
                    guard let verified else { return }
                    print("ok: \(verified.count) checkpoints still in the log")
                }
            }
        }

        private func readCheckpointFile(_ path: String) throws -> Data {
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read checkpoints from \(path)") }
            return data
        }

        private func keySet(store: any ConsentStore, reader: ConfigReader) async throws -> JSONWebKeySet {
            if let jwks {
                guard let data = FileManager.default.contents(atPath: jwks),
                    let set = try? JSONDecoder().decode(JSONWebKeySet.self, from: data)
                else { throw CLIError("cannot read a JWK set from \(jwks)") }
                return set
            }
            return JSONWebKeySet(keys: [try await StoredSigner.load(from: store, reader: reader).publicKey])
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign the head of every chain now and store the checkpoints (the server also does so every hour).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReportingErrors {
                let reader = try await ConfigSources.reader()
                let configured = try database.openStore(reader: reader, mustExist: true)
                let signed = try await configured.run { store in
                    try await store.migrate()
                    let signer = try await StoredSigner.load(from: store, reader: reader)
                    return try await Checkpointing.run(store: store, signer: signer, at: Date())
                }
                for checkpoint in signed.map(\.checkpoint) {
                    print("\(checkpoint.chain) \(checkpoint.position) \(checkpoint.hash)")
                }
                print("ok: \(signed.count) chains checkpointed")
            }
        }
    }
}
