import AsyncHTTPClient
import NIOCore

/// The clients that connect a name to one checked address (async-http-client's `dnsOverride` is a client
/// setting, not a request's): one per (name, address), shared by concurrent requests, and shut down once idle
/// when more than `limit` are kept, least recently used first. A name whose address changes gets a new client;
/// the old one goes when it is idle and crowded out.
actor PinnedHTTPClients {
    /// A name and the address it is pinned to (textual, as async-http-client takes it).
    struct Pin: Hashable, Sendable {
        var host: String
        var address: String
    }

    private struct Entry {
        var client: HTTPClient
        var users: Int
        var lastUse: UInt64
    }

    private var entries: [Pin: Entry] = [:]
    private var tick: UInt64 = 0
    private var closed = false
    /// Idle clients kept beyond this many are shut down.
    let limit: Int
    /// The certificate authorities to trust instead of the system's (tests), as `HTTPWebhookTransport` got them.
    let trustRootsFile: String?

    init(limit: Int = 32, trustRootsFile: String? = nil) {
        self.limit = limit
        self.trustRootsFile = trustRootsFile
    }

    /// The client for `pin`, made on first use; call `release` when its request is done.
    func acquire(_ pin: Pin) -> HTTPClient {
        tick += 1
        if var entry = entries[pin] {
            entry.users += 1
            entry.lastUse = tick
            entries[pin] = entry
            return entry.client
        }
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: HTTPWebhookTransport.configuration(dnsOverride: [pin.host: pin.address], trustRootsFile: trustRootsFile))
        entries[pin] = Entry(client: client, users: 1, lastUse: tick)
        return client
    }

    /// Ends one use of `pin`'s client; returns the clients now crowded out (idle), for the caller to shut down.
    func release(_ pin: Pin) -> [HTTPClient] {
        entries[pin]?.users -= 1
        var crowdedOut: [HTTPClient] = []
        while entries.count > limit || closed,
            let oldest = entries.filter({ $0.value.users <= 0 }).min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            crowdedOut.append(oldest.value.client)
            entries[oldest.key] = nil
        }
        return crowdedOut
    }

    /// Every idle client, removed for shutting down; a client still in use goes when its request ends.
    func removeAll() -> [HTTPClient] {
        closed = true
        let idle = entries.filter { $0.value.users <= 0 }
        for pin in idle.keys { entries[pin] = nil }
        return idle.values.map(\.client)
    }
}
