import AccordCore
import Foundation
import Testing

/// The pure parts of a connector run: the erasure plan's decisions, the erase strategies, the progress read back
/// from a timeline, the ZIP container and the package's escaping.
@Suite struct ErasurePlanTests {
    static let dataset = Dataset(collections: [
        "customers": DatasetCollection(
            primaryKey: ["id"], identities: ["email": ["email"]], references: ["address_id": DatasetReference(collection: "addresses", column: "id")],
            onErase: .delete, fields: ["email": DatasetField(categories: [.identifiers]), "name": DatasetField(erase: .fixed("erased"))]),
        "addresses": DatasetCollection(primaryKey: ["id"], onErase: .delete, fields: ["street": DatasetField(erase: .fixed("x"))]),
        "orders": DatasetCollection(
            primaryKey: ["id"], references: ["customer_id": DatasetReference(collection: "customers", column: "id")],
            retain: Retention(exemption: .legalObligation, note: "tax"), fields: ["ship": DatasetField(erase: .hash)]),
        "logins": DatasetCollection(
            primaryKey: ["id"], references: ["customer_id": DatasetReference(collection: "customers", column: "id")], onErase: .delete),
    ])

    static func rows(retainedOrder: Bool, shared: Bool) -> SubjectRows {
        var rows = SubjectRows()
        rows.owned["customers"] = [["1"]: ["id": "1", "email": "a@x.com", "name": "A", "address_id": "9"]]
        rows.owned["logins"] = [["5"]: ["id": "5", "customer_id": "1"]]
        if retainedOrder { rows.owned["orders"] = [["7"]: ["id": "7", "customer_id": "1", "ship": "street 1"]] }
        rows.related["addresses"] = [["9"]: ["id": "9", "street": "street 1"]]
        if shared { rows.shared["addresses"] = [["9"]: ["customers"]] }
        return rows
    }

    static func order() throws -> [String] { try DatasetValidator.erasureOrder(dataset).get() }

    @Test func childrenGoBeforeParentsAndUnsharedRowsAreDeleted() throws {
        let plan = ErasurePlan.make(
            Self.rows(retainedOrder: false, shared: false), dataset: Self.dataset, order: try Self.order(), secrets: .random())
        #expect(plan.steps.map(\.collection) == ["logins", "customers", "addresses"])
        #expect(plan.steps.allSatisfy { $0.action == .delete })
        #expect(plan.shared.isEmpty && plan.retained.isEmpty)
    }

    @Test func aRetainedRowKeepsWhatItPointsToMaskedAndASharedRowIsLeft() throws {
        let plan = ErasurePlan.make(Self.rows(retainedOrder: true, shared: true), dataset: Self.dataset, order: try Self.order(), secrets: .random())
        let byCollection = Dictionary(grouping: plan.steps, by: \.collection)
        #expect(byCollection["logins"]?.first?.action == .delete)
        guard case .mask(let order)? = byCollection["orders"]?.first?.action else { Issue.record("the order is not masked"); return }
        #expect(order["ship"]??.count == 64, "hash: 64 hex digits")
        #expect(byCollection["orders"]?.first?.retained == true)
        guard case .mask(let customer)? = byCollection["customers"]?.first?.action else {
            Issue.record("the customer a retained order points to is deleted")
            return
        }
        #expect(customer == ["email": String?.none, "name": String?.some("erased")] as [String: String?])
        #expect(byCollection["addresses"] == nil, "the shared address is left untouched")
        #expect(
            plan.shared == [
                SharedRows(
                    collection: "addresses", rows: 1, reason: "also referenced by rows of customers that are not this subject's; left untouched")
            ])
        #expect(plan.retained.first == RetainedRows(collection: "orders", rows: 1, exemption: .legalObligation, note: "tax"))
        #expect(plan.retained.dropFirst().map(\.collection) == ["customers"], "the masked customer is reported with the orders' exemption")
        #expect(plan.strategies == ["orders.ship": "hash", "customers.email": "null", "customers.name": "fixed"])
    }

    @Test func aRetainedRowWithoutItsReferenceErasedKeepsTheParentMaskedAndSaysWhy() throws {
        let plan = ErasurePlan.make(Self.rows(retainedOrder: true, shared: false), dataset: Self.dataset, order: try Self.order(), secrets: .random())
        #expect(plan.steps.first { $0.collection == "customers" }?.action.isDelete == false, "the customer is masked, not deleted")
        #expect(
            plan.retained.last
                == RetainedRows(
                    collection: "customers", rows: 1, exemption: .legalObligation,
                    note: #"masked, not deleted: retained rows of orders point to them (erase its reference with "null" to release them)"#))
        #expect(plan.steps.first { $0.collection == "addresses" }?.action.isDelete == false, "the masked customer still points to it")
    }

    @Test func aRetainedRowThatNullsItsReferenceReleasesTheParentWhichIsDeletedAfterIt() throws {
        var dataset = Self.dataset
        dataset.collections["orders"]!.fields["customer_id"] = DatasetField(categories: [.identifiers], erase: .null)
        let order = try DatasetValidator.validate(dataset)
        let plan = ErasurePlan.make(Self.rows(retainedOrder: true, shared: false), dataset: dataset, order: order, secrets: .random())
        #expect(plan.steps.map(\.collection) == ["logins", "orders", "customers", "addresses"], "children before parents")
        guard case .mask(let masked) = plan.steps[1].action else { Issue.record("the order is not masked"); return }
        #expect(masked["customer_id"] == .some(nil), "the retained order no longer points to the customer")
        #expect(plan.steps[1].retained)
        #expect(plan.steps[2].action == .delete && plan.steps[3].action == .delete, "the customer and its address follow their onErase")
        #expect(plan.retained == [RetainedRows(collection: "orders", rows: 1, exemption: .legalObligation, note: "tax")])
        #expect(plan.strategies["orders.customer_id"] == "null")
    }

    @Test func aSharedRowStillPinsWhatItPointsToWhenAnotherRowReleasesIt() throws {
        var dataset = Self.dataset
        dataset.collections["orders"]!.fields["customer_id"] = DatasetField(erase: .null)
        let rows = Self.rows(retainedOrder: true, shared: true)
        let plan = ErasurePlan.make(rows, dataset: dataset, order: try DatasetValidator.validate(dataset), secrets: .random())
        #expect(plan.steps.first { $0.collection == "customers" }?.action == .delete)
        #expect(plan.steps.contains { $0.collection == "addresses" } == false, "the shared address is never touched")
    }

    @Test func hashesDifferBetweenRequestsAndRandomKeepsTheShape() {
        let one = ErasureSecrets.random(), two = ErasureSecrets.random()
        #expect(one.erased("jane@x.com", by: .hash) != two.erased("jane@x.com", by: .hash))
        #expect(one.erased("jane@x.com", by: .hmac) != one.erased("jane@x.com", by: .hash))
        let scrambled = (one.erased("AB-12 cd", by: .random) ?? nil) ?? ""
        #expect(scrambled.count == 8 && scrambled.dropFirst(2).first == "-" && scrambled.dropFirst(5).first == " ")
        #expect(scrambled.prefix(2).allSatisfy(\.isUppercase) && scrambled.dropFirst(3).prefix(2).allSatisfy(\.isNumber))
        #expect(one.erased("x", by: .keep) == nil)
    }

    @Test func progressIsReadBackFromTheTimeline() throws {
        func entry(_ action: RequestAudit.Action, _ detail: [String: String], _ at: Double) -> StoredAuditEntry {
            StoredAuditEntry(
                entry: AuditEntry(
                    property: PropertyID(rawValue: "p"), actor: "accord", action: action.rawValue, target: "req_1", before: nil,
                    after: AuditEntry.canonicalJSON(detail), at: Date(timeIntervalSince1970: at)),
                sequence: Int64(at), link: ChainLink(chain: "c", position: Int64(at), previousHash: "", hash: "h"))
        }
        let started = entry(.fulfilmentStarted, ["mode": "erase", "systems": #"[["crm","sqlite"],["desk","manual"],["shop","postgres"]]"#], 1)
        let crm = entry(.systemAnswered, ["system": "crm", "outcome": "done", "found": "3", "deleted": "3", "masked": "0", "kept": "0"], 2)
        let failed = entry(.systemFailed, ["system": "shop", "error": "unreachable"], 3)
        var progress = try #require(FulfilmentProgress.of([started, crm, failed]))
        #expect(progress.status == "failed")
        #expect(progress.systems.map(\.status) == ["done", "waiting", "failed"])
        #expect(progress.systems[0].rows == ConnectorRowCounts(found: 3, deleted: 3))
        #expect(FulfilmentProgress.retryAt(progress.systems[2]) == Date(timeIntervalSince1970: 33))
        let shop = entry(.systemAnswered, ["system": "shop", "outcome": "done", "found": "0"], 4)
        let desk = entry(.systemAnswered, ["system": "desk", "outcome": "manualDone", "reason": "done by hand"], 5)
        progress = try #require(FulfilmentProgress.of([started, crm, failed, shop, desk]))
        #expect(progress.status == "done" && progress.systems[1].reason == "done by hand")
        #expect(FulfilmentProgress.of([crm]) == nil)
    }

    @Test func theReportEscapesEveryValue() {
        #expect(
            AccessPackage.escaped(#"Jane <script>alert("1")</script> & 'co'"#)
                == "Jane &lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt; &amp; &#39;co&#39;")
    }
}

extension ErasurePlan.Action {
    var isDelete: Bool { self == .delete }
}
