import Foundation

/// Fills a property with banner writes for capacity tests (`accord seed-consents`): each event is what
/// `POST /v1/properties/{property}/consents` stores for a browser's first choice, built by the same
/// `ConsentEventBuilder` from the request the SDK sends, with its subject's vault entry, and appended through the
/// consent log's own group-commit path (`VaultedConsentLog.appendVaultedBatches`: the append planner, the chains,
/// the state rows, the indexes), only in far larger transactions and without HTTP.
///
/// Subject `n` (0 ..< `count`) is the visitor id `visitorID(n)`; its request chooses all the policy's optional
/// purposes (granted or denied by `n`'s bits), with the SDK's fields: an idempotency key of 32 hex digits, the client
/// time, the region, the locale, the GPC flag, an address and a user agent (reduced to what is stored).
///
/// Subjects are appended in the order of their pseudonyms (`order()`), and times, event ids and idempotency keys grow
/// in that same order, so every index the append writes (events by subject, state rows, vault, ids, keys) grows at
/// its end instead of at random places: a build of ten million events needs no more cache than one of ten thousand.
/// The rows are the ones random order would store; only which subject came first differs.
public struct ConsentSeeder: Sendable {
    /// The browser a seeded write comes from.
    public struct Shape: Hashable, Sendable {
        /// The page's `Origin` (a keyless write names it in the event).
        public var origin: String
        /// The visitor's region, as the SDK sends it.
        public var region: String?
        /// The visitor's locale.
        public var locale: String?
        /// The network the addresses come from (`<prefix>.<n mod 256>`); only its /24 is stored.
        public var addressPrefix: String
        /// The `User-Agent` header; only the browser family is stored.
        public var userAgent: String

        /// A browser in Bavaria on `origin`, in German, with a current Chrome.
        public init(
            origin: String = "https://www.example.com", region: String? = "DE-BY", locale: String? = "de",
            addressPrefix: String = "203.0.113",
            userAgent: String =
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
        ) {
            self.origin = origin
            self.region = region
            self.locale = locale
            self.addressPrefix = addressPrefix
            self.userAgent = userAgent
        }
    }

    /// Which subject is appended at each place: indexes into 0 ..< count, ordered by pseudonym.
    public typealias Order = [UInt32]

    private let property: Property
    private let policy: PolicyVersion
    private let pseudonymizer: SubjectPseudonymizer
    private let cipher: SubjectVaultCipher
    private let shape: Shape
    /// The subjects seeded: visitor ids 0 ..< count.
    public let count: Int
    /// The time of the first event appended; each next one `step` later.
    private let first: Date
    private let step: TimeInterval

    /// A seeder of `count` subjects into `property` under its `policy`, pseudonymised by `pseudonymizer`, clear ids
    /// sealed by `cipher`; events dated `step` seconds apart (at least a millisecond), the last at `last`.
    public init(
        property: Property, policy: PolicyVersion, pseudonymizer: SubjectPseudonymizer, cipher: SubjectVaultCipher,
        count: Int, last: Date, step: TimeInterval, shape: Shape = Shape()
    ) {
        self.property = property
        self.policy = policy
        self.pseudonymizer = pseudonymizer
        self.cipher = cipher
        self.shape = shape
        self.count = max(0, count)
        self.step = max(0.001, step)
        self.first = last.addingTimeInterval(-Double(max(0, count - 1)) * max(0.001, step))
    }

    /// The visitor id of subject `index`: `av_` and 32 hex digits, as the SDK makes them (scripts/wrk/check-scale.lua
    /// makes the same to check them).
    public static func visitorID(_ index: Int) -> String {
        "av_" + hex(UInt64(index)).leftPadded(to: 32)
    }

    /// The subjects in the order they are appended: by their pseudonym's first eight bytes (then by index), which
    /// is the order of every index keyed by subject. Computed on `parallelism` tasks.
    public func order(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) async -> Order {
        let chunks = max(1, parallelism)
        let size = (count + chunks - 1) / max(1, chunks)
        let prefixes = await withTaskGroup(of: (Int, [UInt64]).self) { group in
            for chunk in 0..<chunks {
                let range = min(count, chunk * size)..<min(count, (chunk + 1) * size)
                group.addTask { (chunk, range.map { prefix(of: subjectKey($0)) }) }
            }
            var parts = [[UInt64]](repeating: [], count: chunks)
            for await (chunk, part) in group { parts[chunk] = part }
            return parts.flatMap { $0 }
        }
        return (0..<count).map(UInt32.init).sorted { lhs, rhs in
            let left = prefixes[Int(lhs)]
            let right = prefixes[Int(rhs)]
            return left != right ? left < right : lhs < rhs
        }
    }

    /// The batch appending the subjects at `places` of `order`: their events and vault entries, as group commit
    /// would hand them to the log.
    public func batch(_ places: Range<Int>, of order: Order) throws -> AppendBatch {
        var events: [ConsentEvent] = []
        var entries: [VaultEntry] = []
        events.reserveCapacity(places.count)
        entries.reserveCapacity(places.count)
        for place in places {
            let index = Int(order[place])
            let clear = Self.visitorID(index)
            let subject = subjectKey(index)
            let time = first.addingTimeInterval(Double(place) * step).truncatedToMilliseconds
            let request = ConsentRequest(
                subject: clear, choices: choices(index), source: "banner", policyVersion: policy.version, region: shape.region,
                locale: shape.locale,
                gpc: false, idempotencyKey: Self.hex(prefix(of: subject)) + Self.hex(UInt64(index)),
                clientTimestamp: time.addingTimeInterval(-0.25).rfc3339)
            let client = ClientContext(address: "\(shape.addressPrefix).\(index % 256)", userAgent: shape.userAgent)
            events.append(
                try ConsentEventBuilder.build(
                    request, property: property, policy: policy, rule: property.rule(for: shape.region), subject: subject,
                    client: client, authentication: .keyless(origin: shape.origin), id: .make(at: time), at: time))
            entries.append(try cipher.entry(for: clear, subject: subject, in: property.id, at: time))
        }
        return AppendBatch(events: events, vaultEntries: entries)
    }

    /// Every optional purpose of the policy, granted or denied by the bits of `index`.
    private func choices(_ index: Int) -> [String: String] {
        var choices: [String: String] = [:]
        for (bit, purpose) in policy.activePurposes.filter({ !$0.isRequired }).enumerated() {
            choices[purpose.key.rawValue] = (index >> bit) & 1 == 1 ? "granted" : "denied"
        }
        return choices
    }

    private func subjectKey(_ index: Int) -> SubjectKey {
        pseudonymizer.key(for: Self.visitorID(index), in: property.id)
    }

    private func prefix(of key: SubjectKey) -> UInt64 {
        key.bytes.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func hex(_ value: UInt64) -> String {
        String(value, radix: 16).leftPadded(to: 16)
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
