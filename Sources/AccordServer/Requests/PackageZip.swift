import AccordCore
import Foundation
import ZIPFoundation

/// The access package's container (issue 14 §4): the files `AccessPackage.files` lists, deflated into one ZIP by
/// ZIPFoundation, in memory (an `Archive` over `Data`), so no copy of the subject's data ever touches the disk
/// unencrypted. Names are UTF-8 (flag bit 11): `unzip -t`, Python's `zipfile` and every archive tool open it.
enum PackageZip {
    /// The ZIP's bytes; every entry dated `modified`. `PackageZip.Failure` if ZIPFoundation refuses an entry
    /// (it cannot for in-memory data, short of running out of memory).
    static func make(_ files: [(path: String, bytes: [UInt8])], modified: Date) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for file in files {
            let contents = Data(file.bytes)
            try archive.addEntry(
                with: file.path, type: .file, uncompressedSize: Int64(contents.count), modificationDate: modified,
                permissions: 0o644, compressionMethod: .deflate
            ) { position, size in
                contents.subdata(in: Int(position)..<min(contents.count, Int(position) + size))
            }
        }
        guard let data = archive.data else { throw Failure() }
        return Array(data)
    }

    /// The archive's bytes could not be read back (never expected for an in-memory archive).
    struct Failure: Error, CustomStringConvertible {
        var description: String { "the package's ZIP could not be written" }
    }
}
