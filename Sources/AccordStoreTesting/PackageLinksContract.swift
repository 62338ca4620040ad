import AccordCore
import Foundation
import Testing

/// What every store's `PackageLinks` must do (issue 14 §4): a link gives its package once, then answers used; an
/// expired link answers expired and keeps no package; the sweep removes expired packages once; two downloads at
/// once get the package exactly once.
public enum PackageLinksContract {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func link(_ seed: UInt8, expiresIn seconds: TimeInterval) -> PackageLink {
        var hash = Array(UUID().uuidString.utf8.prefix(31))
        hash.append(seed)
        return PackageLink(
            hash: hash, property: "demo", request: "req-\(seed)", sealed: [1, 2, 3, seed], createdAt: start,
            expiresAt: start.addingTimeInterval(seconds))
    }

    /// Every case.
    public static let cases: [ContractCase] = [
        ContractCase(name: "aLinkGivesItsPackageOnceThenAnswersUsed") { store in
            let (made, start) = (PackageLinksContract.link(1, expiresIn: 600), PackageLinksContract.start)
            try await store.savePackageLink(made)
            #expect(try await store.takePackageLink(hash: made.hash, now: start.addingTimeInterval(10)) == .package(made))
            #expect(try await store.takePackageLink(hash: made.hash, now: start.addingTimeInterval(11)) == .used)
            #expect(try await store.takePackageLink(hash: made.hash, now: start.addingTimeInterval(700)) == .used)
            #expect(try await store.takePackageLink(hash: Array(repeating: 9, count: 32), now: start) == .unknown)
        },
        ContractCase(name: "anExpiredLinkAnswersExpiredAndTheSweepRemovesPackagesOnce") { store in
            let start = PackageLinksContract.start
            let (late, swept, fresh) = (
                PackageLinksContract.link(2, expiresIn: 60), PackageLinksContract.link(3, expiresIn: 30),
                PackageLinksContract.link(4, expiresIn: 6_000)
            )
            for link in [late, swept, fresh] { try await store.savePackageLink(link) }
            #expect(try await store.takePackageLink(hash: late.hash, now: start.addingTimeInterval(60)) == .expired)
            let expired = try await store.expirePackageLinks(now: start.addingTimeInterval(120), limit: 100).filter {
                [late.hash, swept.hash, fresh.hash].contains($0.hash)
            }
            #expect(expired == [swept], "the one taken already lost its package; the fresh one stays")
            #expect(try await store.expirePackageLinks(now: start.addingTimeInterval(120), limit: 100).filter { $0.hash == swept.hash }.isEmpty)
            #expect(try await store.takePackageLink(hash: swept.hash, now: start.addingTimeInterval(121)) == .expired)
            #expect(try await store.takePackageLink(hash: fresh.hash, now: start.addingTimeInterval(121)) == .package(fresh))
        },
        ContractCase(name: "ofTwoDownloadsAtOnceExactlyOneGetsThePackage") { store in
            let (made, start) = (PackageLinksContract.link(5, expiresIn: 600), PackageLinksContract.start)
            try await store.savePackageLink(made)
            let takes = try await withThrowingTaskGroup(of: PackageLinkTake.self) { group in
                for _ in 0..<8 { group.addTask { try await store.takePackageLink(hash: made.hash, now: start) } }
                var takes: [PackageLinkTake] = []
                for try await take in group { takes.append(take) }
                return takes
            }
            #expect(takes.filter { $0 == .package(made) }.count == 1)
            #expect(takes.filter { $0 == .used }.count == 7)
        },
    ]
}
