import AccordCore
import Configuration

/// The receipt key kept in the database (unwrapped with the root key when it is wrapped): what receipts and
/// checkpoints are signed with, for the commands that sign or verify offline.
enum StoredSigner {
    static func load(from store: any KeyStore, reader: ConfigReader) async throws -> ReceiptSigner {
        var stored = try await store.existingSecret(named: "receipt-signing-key")
        if let wrapped = stored, RootKey.isWrapped(wrapped) {
            guard let root = try RootKeySource.read(reader) else {
                throw CLIError(RootKey.Problem.missing(secret: "receipt-signing-key").description)
            }
            stored = try root.unwrap(wrapped, name: "receipt-signing-key")
        }
        guard let key = stored, let signer = try? ReceiptSigner(privateKeyBytes: key) else {
            throw CLIError("the database has no receipt signing key yet")
        }
        return signer
    }
}
