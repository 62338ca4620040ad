import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Logging

/// The server's configuration keys. Each is the same everywhere: `http.port` = `--http-port` = `HTTP_PORT`.
///
/// - `http.host` (default `127.0.0.1`): address to bind; `0.0.0.0` to serve other machines.
/// - `http.port` (default `8080`).
/// - `http.publicUrl` (default `http://<host>:<port>`): the URL Accord is reached at; the receipt issuer.
/// - `http.clientIpHeader` (optional, e.g. `X-Forwarded-For`): read the client address from this header, from
///   the right, believing only the hops `http.trustedProxies` names.
/// - `http.trustedProxies` (default `127.0.0.0/8,::1`): the proxies in front of Accord, as a hop count (`1`) or a
///   comma-separated list of CIDR ranges; a socket peer outside the ranges is the client, whatever the header says.
/// - `rateLimit.consentsPerMinute` (default `60`) and `rateLimit.consentsBurst` (default `20`): per client
///   address, for consent writes made without an API key.
/// - `rateLimit.readsPerMinute` (default `600`) and `rateLimit.readsBurst` (default `120`): per client address,
///   for the public reads (experience, vendor list and layer, visitor history, TCF encode) made without an API key.
/// - `rateLimit.failedKeysPerMinute` (default `30`): per client address, presented API keys that fail; past it,
///   every request from that address with a key is refused (429) until the allowance refills.
/// - `rateLimit.signInsPerMinute` (default `10`) and `rateLimit.signInsBurst` (default `10`): per client address,
///   console sign-in attempts, right or wrong (each account is also locked for 15 minutes after 5 wrong passwords).
/// - `log.level` (default `info`).
/// - `log.format` (default `text`): `text` for people, `json` for one JSON object per line (`JSONLogHandler`).
/// - `metrics.port` (optional): also serve `GET /metrics` without a key on this port, bound to `http.host`; on
///   the main port it needs a key with the `metrics:read` (or `admin`) scope.
/// - `audit.checkpointInterval` (default `3600`, seconds): how often every chain head is signed and stored as a
///   checkpoint (`GET /v1/properties/{property}/checkpoints`); also once at start. `0` turns the service off.
/// - `tcf.gvlPath` (optional): an IAB Global Vendor List v3 JSON file, read at start and served for every
///   property without an uploaded list (`PUT /v1/properties/{property}/gvl`); no network fetch is made.
/// - `expiry.sweepIntervalSeconds` (default `60`, at least 1): how often the expiry sweeper looks for granted
///   choices due a `consent.expiring` or `consent.expired` notice.
/// - `tcf.cmpId` (optional) and `tcf.cmpVersion` (default `1`): the CMP id the IAB registered for this
///   deployment, written into the TC strings Accord makes (`POST /v1/properties/{property}/tcf/encode`).
/// - `webhooks.allowInsecureLoopback` (default `false`): allow `http://` webhook URLs to loopback addresses
///   (local receivers and tests); every other URL must be `https`.
/// - `webhooks.allowedHosts` (optional, comma-separated): hosts exempt from the refusal of loopback, link-local
///   and private addresses, for receivers on an internal network.
/// - `webhooks.deliver` (default `true`): `false` keeps this instance from sending webhooks (messages stay queued
///   for the instances that do); the schema fuzzer runs so, as the endpoints it creates may name any address.
/// - `webhooks.testClockRate` (default `1`) and `webhooks.testClockEpoch` (Unix seconds, default the start):
///   for tests only, the delivery service's clock runs `rate` times faster than real time from `epoch`, so a
///   test can live through hours of retries in seconds (a fixed epoch keeps the clock continuous across restarts).
/// - `webhooks.yieldToWritesSeconds` (default `0`, off; up to 3600): how long webhook delivery may wait while
///   consent writes keep the database writer busy (`DeliveryYield`), before it sends anyway. Off by default: it
///   delays receivers (measured in release: it moves the sending out of an 8 s write burst, see docs/SCALING.md).
/// - `webhooks.deliveryNice` is retired (`RetiredKeys`): accepted with a warning, ignored.
public struct ServerSettings: Sendable {
    public var host: String
    public var port: Int
    public var publicURL: String
    public var clientIPHeader: String?
    public var trustedProxies: TrustedProxies
    public var consentsPerMinute: Int
    public var consentsBurst: Int
    public var readsPerMinute: Int
    public var readsBurst: Int
    public var failedKeysPerMinute: Int
    public var signInsPerMinute: Int
    public var signInsBurst: Int
    public var logLevel: Logger.Level
    public var logFormat: LogFormat
    public var metricsPort: Int?
    /// Nil when checkpoints are made only on demand (`accord audit checkpoint`).
    public var checkpointInterval: Duration?
    public var gvlPath: String?
    public var tcfCMPID: Int?
    public var tcfCMPVersion: Int
    /// Seconds between two passes of the expiry sweeper.
    public var expirySweepIntervalSeconds: Int
    /// How to send e-mail (`mail.*`, see `MailSettings`); nil when `mail.smtp.host` is unset: e-mail is off.
    public var mail: MailSettings?
    /// Where webhooks may be sent (`webhooks.allowInsecureLoopback`, `webhooks.allowedHosts`).
    public var webhookURLRule: WebhookURLRule
    /// `webhooks.deliver`: whether this instance runs the delivery service.
    public var webhookDelivery: Bool
    /// `webhooks.testClockRate`: how much faster than real time the delivery clock runs (1 outside tests).
    public var webhookClockRate: Double
    /// `webhooks.testClockEpoch`: from when the faster clock counts, in Unix seconds; nil for the start.
    public var webhookClockEpoch: Double?
    /// `webhooks.yieldToWritesSeconds`: the longest webhook delivery waits for busy consent writes; 0 never waits.
    public var webhookYieldSeconds: Double
    /// `requests.packageLinkDays`: how long the e-mailed link to an access package works (issue 14 §4).
    public var packageLinkDays: Int
    /// What is wrong with the values read, one line each; `accord serve` refuses to start while there is any.
    public var problems: [String] = []

    public init(reader: ConfigReader) {
        self.host = reader.string(forKey: "http.host", default: "127.0.0.1")
        self.port = reader.int(forKey: "http.port", default: 8080)
        let shownHost = host == "0.0.0.0" ? "localhost" : host
        self.publicURL = reader.string(forKey: "http.publicUrl", default: "http://\(shownHost):\(port)")
        self.clientIPHeader = reader.string(forKey: "http.clientIpHeader")
        if let clientIPHeader, HTTPField.Name(clientIPHeader) == nil {
            problems.append("http.clientIpHeader: '\(clientIPHeader)' is not a header name")
        }
        let proxies = reader.string(forKey: "http.trustedProxies")
        // A value that does not parse trusts no proxy, so the header is ignored until it is fixed.
        self.trustedProxies = proxies.map { TrustedProxies($0) ?? .ranges([]) } ?? .loopback
        if let proxies, TrustedProxies(proxies) == nil {
            problems.append("http.trustedProxies: expected a hop count or comma-separated CIDR ranges such as 10.0.0.0/8")
        }
        self.consentsPerMinute = reader.int(forKey: "rateLimit.consentsPerMinute", default: 60)
        self.consentsBurst = reader.int(forKey: "rateLimit.consentsBurst", default: 20)
        self.readsPerMinute = reader.int(forKey: "rateLimit.readsPerMinute", default: 600)
        self.readsBurst = reader.int(forKey: "rateLimit.readsBurst", default: 120)
        self.failedKeysPerMinute = reader.int(forKey: "rateLimit.failedKeysPerMinute", default: 30)
        self.signInsPerMinute = reader.int(forKey: "rateLimit.signInsPerMinute", default: 10)
        self.signInsBurst = reader.int(forKey: "rateLimit.signInsBurst", default: 10)
        self.logLevel = reader.string(forKey: "log.level").flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let format = reader.string(forKey: "log.format", default: "text")
        self.logFormat = LogFormat(rawValue: format.lowercased()) ?? .text
        if LogFormat(rawValue: format.lowercased()) == nil {
            problems.append("log.format: expected text or json, not '\(format.prefix(20))'")
        }
        self.metricsPort = reader.int(forKey: "metrics.port")
        if let metricsPort, !(1...65535).contains(metricsPort) { problems.append("metrics.port must be 1 to 65535") }
        if let metricsPort, metricsPort == port { problems.append("metrics.port must differ from http.port") }
        let interval = reader.int(forKey: "audit.checkpointInterval", default: 3600)
        self.checkpointInterval = interval > 0 ? .seconds(interval) : nil
        if interval < 0 { problems.append("audit.checkpointInterval: expected seconds (0 turns checkpoints off), not \(interval)") }
        self.gvlPath = reader.string(forKey: "tcf.gvlPath")
        self.tcfCMPID = reader.int(forKey: "tcf.cmpId")
        self.tcfCMPVersion = reader.int(forKey: "tcf.cmpVersion", default: 1)
        self.expirySweepIntervalSeconds = reader.int(forKey: "expiry.sweepIntervalSeconds", default: 60)
        if expirySweepIntervalSeconds < 1 { problems.append("expiry.sweepIntervalSeconds: must be at least 1") }
        let (mail, mailProblems) = MailSettings.read(reader)
        self.mail = mail
        problems += mailProblems
        let hosts = reader.string(forKey: "webhooks.allowedHosts") ?? ""
        self.webhookURLRule = WebhookURLRule(
            allowInsecureLoopback: reader.bool(forKey: "webhooks.allowInsecureLoopback", default: false),
            allowedHosts: hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        self.webhookDelivery = reader.bool(forKey: "webhooks.deliver", default: true)
        self.webhookClockRate = reader.double(forKey: "webhooks.testClockRate", default: 1)
        if !(webhookClockRate > 0 && webhookClockRate <= 1_000_000) {
            problems.append("webhooks.testClockRate: expected a positive number")
            webhookClockRate = 1
        }
        self.webhookClockEpoch = reader.double(forKey: "webhooks.testClockEpoch")
        self.webhookYieldSeconds = reader.double(forKey: "webhooks.yieldToWritesSeconds", default: 0)
        if !(0...3600).contains(webhookYieldSeconds) {
            problems.append("webhooks.yieldToWritesSeconds: expected 0 to 3600 seconds")
            webhookYieldSeconds = 0
        }
        self.packageLinkDays = reader.int(forKey: "requests.packageLinkDays", default: 7)
        if !(1...90).contains(packageLinkDays) { problems.append("requests.packageLinkDays: expected 1 to 90 days") }
    }
}
