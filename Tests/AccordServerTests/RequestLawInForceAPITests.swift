import AccordCore
import Configuration
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import AccordServer

/// Issue 13 §3: a request takes the law in force on the day it was received, on the property's calendar. An operator
/// entering a request received before a state's law took effect gets what a request from a place without a law gets
/// (`law`, `dueAt` null), on every backend; the stored request keeps the law it was given.
@Suite struct RequestLawInForceAPITests {
    typealias Backend = FulfilmentInstancesTests.Backend

    static func enter(_ client: some TestClientProtocol, _ key: HTTPFields, _ type: String, _ place: String, _ receivedAt: String)
        async throws -> [String: Any]
    {
        let correction = type == "correction" ? #","correction":{"field":"name","value":"Ann Lee"}"# : ""
        let made = try await client.send(
            .post, RequestAPITests.admin,
            json:
                #"{"type":"\#(type)","email":"dated@example.com","jurisdiction":"\#(place)","receivedAt":"\#(receivedAt)","channel":"mail"\#(correction)}"#,
            headers: key)
        #expect(made.status == .created)
        return made.body
    }

    static func read(_ client: some TestClientProtocol, _ key: HTTPFields, _ request: [String: Any]) async throws -> [String: Any] {
        let id = try #require(request["id"] as? String)
        let read = try await client.send(.get, "\(RequestAPITests.admin)/\(id)", headers: key)
        #expect(read.status == .ok)
        return read.body
    }

    /// A client of a fresh application on `backend`'s stores, with the admin key's header.
    static func withClient(
        _ backend: Backend, _ body: @escaping @Sendable (any TestClientProtocol, HTTPFields) async throws -> Void
    ) async throws {
        try await FulfilmentInstancesTests.withStores(backend) { store, _ in
            let test = try await TestApplication.make(store: store)
            let key = bearer(test.adminKey)
            try await test.application.test(.router) { client in try await body(client, key) }
        }
    }

    @Test(arguments: Backend.allCases)
    func anOperatorsRequestReceivedBeforeIndianasLawHasNoLawAndOnItsFirstDayIsDueIn45Days(_ backend: Backend) async throws {
        try await Self.withClient(backend) { client, key in
            let before = try await Self.enter(client, key, "access", "US-IN", "2025-12-31T12:00:00Z")
            let noLaw = try await Self.enter(client, key, "access", "US-WA", "2025-12-31T12:00:00Z")
            for request in [before, noLaw, try await Self.read(client, key, before)] {
                #expect(request["law"] is NSNull && request["dueAt"] is NSNull && request["acknowledgeBy"] is NSNull)
            }
            let refused = try await client.send(
                .post, "\(RequestAPITests.admin)/\(try #require(before["id"] as? String))/extend", json: #"{"reason":"x"}"#,
                headers: key)
            #expect(refused.status == .conflict && refused.body.errorCode == "extension_refused")
            // Thursday 1 January 2026 + 45 days: 30 left in January, 15 in February.
            let onTheDay = try await Self.enter(client, key, "access", "US-IN", "2026-01-01T12:00:00Z")
            #expect(onTheDay["law"] as? String == "us-in")
            #expect((onTheDay["dueAt"] as? String)?.hasPrefix("2026-02-15") == true)
            let stored = try await Self.read(client, key, onTheDay)
            #expect(stored["law"] as? String == "us-in" && (stored["dueAt"] as? String)?.hasPrefix("2026-02-15") == true)
            // An appeal is dated the same way: Indiana decides one within 60 days (IC 24-15-3-1(d)), from 1 January
            // 2026 only: 30 days left in January, 28 in February, 2 in March.
            let earlyAppeal = try await Self.enter(client, key, "appeal", "US-IN", "2025-12-31T12:00:00Z")
            #expect(earlyAppeal["law"] is NSNull && earlyAppeal["dueAt"] is NSNull)
            let appeal = try await Self.enter(client, key, "appeal", "US-IN", "2026-01-01T12:00:00Z")
            #expect(appeal["law"] as? String == "us-in" && (appeal["dueAt"] as? String)?.hasPrefix("2026-03-02") == true)
        }
    }

    @Test(arguments: Backend.allCases)
    func aUtahCorrectionIsClockedOnlyFromFirstJuly2026(_ backend: Backend) async throws {
        try await Self.withClient(backend) { client, key in
            let before = try await Self.enter(client, key, "correction", "US-UT", "2026-06-30T12:00:00Z")
            #expect(before["law"] is NSNull && before["dueAt"] is NSNull)
            let access = try await Self.enter(client, key, "access", "US-UT", "2026-06-30T12:00:00Z")
            // Tuesday 30 June + 45 days: 1 left in June, 31 in July, 13 in August.
            #expect(access["law"] as? String == "us-ut" && (access["dueAt"] as? String)?.hasPrefix("2026-08-14") == true)
            // Wednesday 1 July + 45 days: 30 left in July, 15 in August.
            let after = try await Self.enter(client, key, "correction", "US-UT", "2026-07-01T12:00:00Z")
            #expect(after["law"] as? String == "us-ut" && (after["dueAt"] as? String)?.hasPrefix("2026-08-15") == true)
        }
    }

    @Test func theDayOfReceiptIsThePropertysDayNotUTCs() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            // 03:00 UTC on 1 January 2026 is 22:00 on 31 December in Indianapolis (UTC-5): Indiana's law is not in force.
            let utc = try await Self.enter(client, key, "access", "US-IN", "2026-01-01T03:00:00Z")
            #expect(utc["law"] as? String == "us-in", "a property without a zone counts in UTC")
            let zone = try await client.send(
                .patch, "/v1/admin/properties/demo", json: #"{"requestTimeZone":"America/Indiana/Indianapolis"}"#, headers: key)
            #expect(zone.status == .ok)
            let local = try await Self.enter(client, key, "access", "US-IN", "2026-01-01T03:00:00Z")
            #expect(local["law"] is NSNull && local["dueAt"] is NSNull)
            // The request entered before the zone changed keeps the law it was given.
            #expect(try await Self.read(client, key, utc)["law"] as? String == "us-in")
        }
    }

    @Test func aRequesterFilingTodayGetsTheLawInForceToday() async throws {
        let test = try await TestApplication.make()
        let key = bearer(test.adminKey)
        try await test.application.test(.router) { client in
            // Filed now (after 1 July 2026): Utah's right to correct applies.
            let made = try await client.send(
                .post, RequestAPITests.requests,
                json: #"{"type":"correction","email":"utah@example.com","jurisdiction":"US-UT","correction":{"field":"name","value":"Ann"}}"#,
                headers: localOrigin)
            #expect(made.status == .accepted)
            let stored = try await Self.read(client, key, made.body)
            #expect(stored["law"] as? String == "us-ut")
        }
    }
}
