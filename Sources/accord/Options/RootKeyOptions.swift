import AccordCore
import Configuration
import Foundation

/// Where the root key comes from: `secrets.rootKeyFile` (`--secrets-root-key-file`, `SECRETS_ROOT_KEY_FILE`), a file
/// only the server's user can read, or `secrets.rootKey` (`SECRETS_ROOT_KEY`), for platforms that inject secrets as
/// variables. Neither: the secrets stay in the database in clear, as before.
enum RootKeySource {
    static func read(_ reader: ConfigReader) throws -> RootKey? {
        let path = reader.string(forKey: "secrets.rootKeyFile")
        let inline = reader.string(forKey: "secrets.rootKey", isSecret: true)
        switch (path, inline) {
        case (nil, nil):
            return nil
        case (.some, .some):
            throw CLIError("set one of secrets.rootKeyFile and secrets.rootKey, not both")
        case (nil, .some(let text)):
            return try parse(text, from: "SECRETS_ROOT_KEY")
        case (.some(let path), nil):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw CLIError("cannot read the root key file \(path)")
            }
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 {
                FileHandle.standardError.write(
                    Data("warning: the root key file \(path) can be read by other users (chmod 600 it)\n".utf8))
            }
            return try parse(text, from: path)
        }
    }

    private static func parse(_ text: String, from source: String) throws -> RootKey {
        do {
            return try RootKey(text: text)
        } catch {
            throw CLIError("\(source): \(error)")
        }
    }
}
